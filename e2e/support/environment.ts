import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 3100);
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 90);

/** Where the end-to-end server runs and who signs in to it. */
export const E2E = {
  port,
  baseURL: `http://127.0.0.1:${port}`,
  dataDir: path.resolve(".data/e2e"),
  serverLog: path.resolve(".data/e2e-server.log"),
  /** The test identity provider for single sign-on (e2e/support/identity-provider.mjs). */
  oidc: {
    port: oidcPort,
    issuer: `http://127.0.0.1:${oidcPort}`,
    clientId: "secrets-backoffice",
    clientSecret: "e2e-oidc-client-secret",
    name: "Test IdP",
  },
  users: {
    admin: { email: "admin@example.com", password: "admin-password-e2e", name: "Administrator" },
    member: { email: "member@example.com", password: "member-password-e2e", name: "Mona Member" },
    outsider: { email: "outsider@example.com", password: "outsider-password-e2e", name: "Oscar Outsider" },
    locked: { email: "locked@example.com", password: "locked-password-e2e", name: "Lee Locked" },
    reader: { email: "reader@example.com", password: "reader-password-e2e", name: "Rita Reader" },
    writer: { email: "writer@example.com", password: "writer-password-e2e", name: "Walt Writer" },
    custom: { email: "custom@example.com", password: "custom-password-e2e", name: "Cora Custom" },
    orgadmin: { email: "orgadmin@example.com", password: "orgadmin-password-e2e", name: "Olga Orgadmin" },
  },
} as const;

export type Role = keyof typeof E2E.users;

/** The custom role the "custom" person holds in the demo project. */
export const CUSTOM_ROLE = { name: "Secret editors", permissions: ["secrets.list", "secrets.edit", "tools.view"] };
export const storageState = (role: Role) => path.resolve(`e2e/.auth/${role}.json`);
