import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 3100);

/** Where the end-to-end server runs and who signs in to it. */
export const E2E = {
  port,
  baseURL: `http://127.0.0.1:${port}`,
  dataDir: path.resolve(".data/e2e"),
  serverLog: path.resolve(".data/e2e-server.log"),
  users: {
    admin: { email: "admin@example.com", password: "admin-password-e2e", name: "Administrator" },
    member: { email: "member@example.com", password: "member-password-e2e", name: "Mona Member" },
    outsider: { email: "outsider@example.com", password: "outsider-password-e2e", name: "Oscar Outsider" },
    locked: { email: "locked@example.com", password: "locked-password-e2e", name: "Lee Locked" },
  },
} as const;

export type Role = keyof typeof E2E.users;
export const storageState = (role: Role) => path.resolve(`e2e/.auth/${role}.json`);
