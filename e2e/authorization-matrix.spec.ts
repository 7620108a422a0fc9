import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, request, test, type APIRequestContext } from "./support/test";
import { connectE2EDatabase, snapshot } from "./support/database";
import { E2E, storageState, type Role } from "./support/environment";
import { createSecretViaEditor, demoProjectId } from "./support/pages";
import { callServerAction, listServerActions } from "./support/server-actions";
import { withContract } from "./support/tokens";

/**
 * Every server action of the build (from Next's manifest) and every route
 * handler (from app/), run as every kind of principal. Each must be allowed
 * exactly for the principals the policy allows, and a denial must change
 * nothing. A new action or route without an entry here fails the test.
 * Runs alone, after the other specs (see playwright.config.ts).
 */
const PRINCIPALS = ["signedOut", "outsider", "member", "reader", "writer", "custom", "admin", "orgadmin"] as const;
type Principal = (typeof PRINCIPALS)[number];

const DENIALS = [
  "You do not have permission to do this.",
  "Only organization administrators can do this.",
  "This project does not exist or you are not a member of it.",
  "Your session has ended. Sign in again.",
];

type Fixtures = {
  projectId: string;
  /** A secret with a real sealed value, readable by "reader", writable by "writer". */
  revealable: string;
  freshSecret: (deleted?: boolean) => Promise<string>;
  freshMember: () => Promise<string>;
  freshRole: () => Promise<string>;
  freshToken: () => Promise<string>;
};

type Expectation = { allowed: readonly Principal[] | "public"; args?: (f: Fixtures) => Promise<unknown[]>; why?: string };

const ADMINS = ["admin"] as const;
const SIGNED_IN = PRINCIPALS.filter((p) => p !== "signedOut");
const ACTIONS: Record<string, Expectation> = {
  signInAction: { allowed: "public", why: "signing in is for the signed-out" },
  ssoSignInAction: { allowed: "public", why: "single sign-on starts signed out; it only redirects to the identity provider" },
  startPasskeySignInAction: { allowed: "public", why: "a passkey sign-in starts signed out; it only stores a one-time challenge" },
  signOutAction: { allowed: "public", why: "ends the caller's own session" },
  acceptInvitationAction: { allowed: "public", why: "the link's one-time token is the credential" },
  // One's own account: every signed-in person, on their own sessions and password only (tests/sessions.test.ts).
  signOutSessionAction: { allowed: SIGNED_IN, args: async () => ["not-a-session-id"] },
  signOutEverywhereAction: { allowed: SIGNED_IN, args: async () => [{}] },
  changePasswordAction: { allowed: SIGNED_IN, args: async () => [{}] },
  startTwoFactorAction: { allowed: SIGNED_IN, args: async () => [] },
  confirmTwoFactorAction: { allowed: SIGNED_IN, args: async () => [{}] },
  disableTwoFactorAction: { allowed: SIGNED_IN, args: async () => [{}] },
  startPasskeyAction: { allowed: SIGNED_IN, args: async () => [] },
  finishPasskeyAction: { allowed: SIGNED_IN, args: async () => [{}] },
  removePasskeyAction: { allowed: SIGNED_IN, args: async () => ["not-a-passkey-id"] },
  createProjectAction: { allowed: ["admin", "orgadmin"], args: async () => [{ name: "", adminEmail: "" }] },
  makeProjectAdminAction: { allowed: ["admin", "orgadmin"], args: async () => [{}] },
  setOrganizationSecurityAction: { allowed: ["admin", "orgadmin"], args: async () => [{}] },
  setSsoSignUpDomainsAction: { allowed: ["admin", "orgadmin"], args: async () => [{}] },
  reissueInvitationAction: { allowed: ["admin", "orgadmin"], args: async () => [{ userId: "not-a-uuid" }] },
  createSecretAction: { allowed: ADMINS, args: async (f) => [f.projectId, { name: "", value: "" }] },
  importSecretsAction: { allowed: ADMINS, args: async (f) => [f.projectId, { text: "" }] },
  previewImportAction: { allowed: ADMINS, args: async (f) => [f.projectId, { names: ["Matrix preview"] }] },
  updateSecretAction: { allowed: ["admin", "writer", "custom"], args: async (f) => [f.projectId, await f.freshSecret(), { name: "" }] },
  rollbackSecretAction: {
    allowed: ["admin", "writer", "custom"],
    args: async (f) => [f.projectId, await f.freshSecret(), { toVersion: 1, revision: 1 }],
  },
  revealSecretAction: { allowed: ["admin", "reader", "writer", "custom"], args: async (f) => [f.projectId, f.revealable, "reveal"] },
  deleteSecretAction: { allowed: ADMINS, args: async (f) => [f.projectId, await f.freshSecret()] },
  restoreSecretAction: { allowed: ADMINS, args: async (f) => [f.projectId, await f.freshSecret(true)] },
  purgeSecretAction: { allowed: ADMINS, args: async (f) => [f.projectId, await f.freshSecret(true)] },
  addMemberAction: { allowed: ADMINS, args: async (f) => [f.projectId, { email: "not-an-email", roleIds: [] }] },
  reinviteMemberAction: { allowed: ADMINS, args: async (f) => [f.projectId, await f.freshMember()] },
  updateMemberRolesAction: { allowed: ADMINS, args: async (f) => [f.projectId, await f.freshMember(), { roleIds: [] }] },
  removeMemberAction: { allowed: ADMINS, args: async (f) => [f.projectId, await f.freshMember()] },
  createRoleAction: { allowed: ADMINS, args: async (f) => [f.projectId, { name: "" }] },
  updateRoleAction: { allowed: ADMINS, args: async (f) => [f.projectId, await f.freshRole(), { name: "" }] },
  deleteRoleAction: { allowed: ADMINS, args: async (f) => [f.projectId, await f.freshRole()] },
  createApiTokenAction: { allowed: ADMINS, args: async (f) => [f.projectId, { name: "", scope: "READ", expiresInDays: 0 }] },
  revokeApiTokenAction: { allowed: ADMINS, args: async (f) => [f.projectId, await f.freshToken()] },
  saveToolSettingsAction: { allowed: ADMINS, args: async (f) => [f.projectId, "web-search", {}] },
  runPlaygroundAction: { allowed: ADMINS, args: async (f) => [f.projectId, {}] },
};

/** Route handlers, by file; each entry says how it is protected and is checked below. */
const ROUTES: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "Auth.js's own endpoints (sign-in, session, CSRF); public by design",
  "app/health/route.ts": "public liveness check; returns a status word and nothing else",
  "app/api-reference/redoc.js/route.ts":
    "Redoc's public browser bundle from node_modules (a fixed file, no parameter); the proxy sends the signed-out to sign in",
  "app/(backoffice)/projects/[projectId]/requests/export/route.ts":
    "session; requests.view through lib/http/csv-export.ts (authorizeProject), 404 to non-members (e2e/api.spec.ts)",
  "app/(backoffice)/projects/[projectId]/activity/export/route.ts":
    "session; requests.view through lib/http/csv-export.ts (authorizeProject), 404 to non-members (e2e/activity.spec.ts)",
  "app/v1/[...path]/route.ts":
    "every /v1 endpoint: the route table of lib/api/routes.ts; project API token, scope and rate limit in lib/api/app.ts; policy per call (e2e/api.spec.ts)",
};

function walkRoutes(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return walkRoutes(full);
    return /^route\.(ts|tsx|js)$/.test(entry) ? [path.relative(process.cwd(), full)] : [];
  });
}

test.describe.configure({ mode: "serial" });

test("every server action is allowed exactly as the policy says, and a denial changes nothing", async ({ browser }) => {
  test.setTimeout(300_000);
  const projectId = await demoProjectId();
  const db = await connectE2EDatabase();
  const ids = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
  const userId = async (role: Role) => (await ids(`SELECT id FROM "User" WHERE email = $1`, [E2E.users[role].email]))[0].id as string;
  const [readerId, writerId] = [await userId("reader"), await userId("writer")];
  const [{ id: memberRoleId }] = await ids(`SELECT id FROM "Role" WHERE "projectId" = $1 AND "systemKey" = 'project_member'`, [projectId]);

  const grantReaderWriter = async (secretId: string) => {
    await db.query(
      `INSERT INTO "SecretAccess" (id, "secretId", "principalType", "principalKey", "userId", level) VALUES
       (gen_random_uuid(), $1, 'USER', 'user:' || $2, $2::uuid, 'READ'), (gen_random_uuid(), $1, 'USER', 'user:' || $3, $3::uuid, 'WRITE')`,
      [secretId, readerId, writerId],
    );
  };
  let counter = 0;
  const fixtures: Fixtures = {
    projectId,
    revealable: "",
    async freshSecret(deleted = false) {
      const name = `matrix ${++counter} ${Date.now()}`;
      const [{ id }] = await ids(
        `INSERT INTO "Secret" (id, "projectId", name, "nameKey", "deletedAt") VALUES (gen_random_uuid(), $1, $2, lower($2), $3) RETURNING id`,
        [projectId, name, deleted ? new Date() : null],
      );
      await grantReaderWriter(id);
      return id;
    },
    async freshMember() {
      const email = `matrix-${++counter}-${Date.now()}@example.com`;
      const [{ id: uid }] = await ids(
        `INSERT INTO "User" (id, email, name, "updatedAt") VALUES (gen_random_uuid(), $1, 'Matrix', now()) RETURNING id`,
        [email],
      );
      const [{ id }] = await ids(
        `INSERT INTO "ProjectMember" (id, "projectId", "userId") VALUES (gen_random_uuid(), $1, $2) RETURNING id`,
        [projectId, uid],
      );
      await db.query(`INSERT INTO "ProjectMemberRole" ("memberId", "roleId") VALUES ($1, $2)`, [id, memberRoleId]);
      return id;
    },
    async freshToken() {
      const [{ id }] = await ids(
        `INSERT INTO "ApiToken" (id, "projectId", name, prefix, "tokenHash", scope) VALUES (gen_random_uuid(), $1, 'matrix token', 'eai_matrix', md5(random()::text) || md5(random()::text), 'READ') RETURNING id`,
        [projectId],
      );
      return id;
    },
    async freshRole() {
      const name = `Matrix role ${++counter} ${Date.now()}`;
      const [{ id }] = await ids(
        `INSERT INTO "Role" (id, "projectId", name, "nameKey", permissions, "updatedAt") VALUES (gen_random_uuid(), $1, $2, lower($2), '{}', now()) RETURNING id`,
        [projectId, name],
      );
      return id;
    },
  };

  const admin = await browser.newPage({ storageState: storageState("admin") });
  await createSecretViaEditor(admin, projectId, { name: "Matrix revealable", value: "matrix-value" });
  await admin.close();
  fixtures.revealable = (await ids(`SELECT id FROM "Secret" WHERE name = 'Matrix revealable'`))[0].id;
  await grantReaderWriter(fixtures.revealable);

  const contexts = new Map<Principal, APIRequestContext>();
  for (const principal of PRINCIPALS) {
    contexts.set(
      principal,
      await request.newContext({
        baseURL: E2E.baseURL,
        storageState: principal === "signedOut" ? { cookies: [], origins: [] } : storageState(principal as Role),
      }),
    );
  }

  const actions = listServerActions();
  const unlisted = actions.map((a) => a.name).filter((name) => !(name in ACTIONS));
  expect(unlisted, "server actions missing from the authorization matrix").toEqual([]);
  expect(
    Object.keys(ACTIONS).filter((name) => !actions.some((a) => a.name === name)),
    "matrix entries for actions that no longer exist",
  ).toEqual([]);

  const failures: string[] = [];
  for (const action of actions) {
    const expectation = ACTIONS[action.name];
    if (expectation.allowed === "public") continue;
    for (const principal of PRINCIPALS) {
      const args = await expectation.args!(fixtures);
      const before = await snapshot(db);
      const { status, result } = await callServerAction(contexts.get(principal)!, action.name, args, `/projects/${projectId}/dashboard`);
      const denied = result === null ? status >= 300 && status < 400 : result.ok === false && DENIALS.includes(String(result.message));
      const shouldAllow = expectation.allowed.includes(principal);
      if (shouldAllow === denied) {
        failures.push(
          `${action.name} as ${principal}: expected ${shouldAllow ? "allow" : "deny"}, got ${status} ${JSON.stringify(result)}`,
        );
      }
      if (denied) {
        const after = await snapshot(db);
        if (after.join() !== before.join()) failures.push(`${action.name} as ${principal}: denied, but the data changed`);
      }
    }
  }
  expect(failures).toEqual([]);

  // The value only ever reached the principals allowed to read it.
  const reveals = await ids(
    `SELECT "actorLabel", outcome FROM "AuditEvent" WHERE action = 'secret.reveal' AND "targetId" = $1 ORDER BY id`,
    [fixtures.revealable],
  );
  expect(new Set(reveals.filter((r) => r.outcome === "ALLOWED").map((r) => r.actorLabel))).toEqual(
    new Set(["admin", "reader", "writer", "custom"].map((r) => E2E.users[r as Role].email)),
  );
  for (const context of contexts.values()) await context.dispose();
  await db.end();
});

test("every route handler is listed with how it is protected, and reveals nothing to the signed-out", async () => {
  const routes = walkRoutes(path.resolve("app"));
  expect(
    routes.filter((r) => !(r in ROUTES)),
    "route handlers missing from the authorization matrix",
  ).toEqual([]);
  const anonymous = await request.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  const health = await anonymous.get("/health");
  expect(await health.json()).toEqual({ status: "ok" });
  const session = await anonymous.get("/api/auth/session");
  expect(await session.json()).toBeNull();
  // Every /v1 route refuses a caller without a token, and a signed-in person's cookie is no token (each answer as documented).
  const admin = await request.newContext({ baseURL: E2E.baseURL, storageState: storageState("admin") });
  for (const client of [withContract(anonymous), withContract(admin)]) {
    for (const path of [
      "/v1/secrets",
      "/v1/secrets/00000000-0000-4000-8000-000000000000",
      "/v1/secrets/00000000-0000-4000-8000-000000000000/accesses",
      "/v1/secrets/00000000-0000-4000-8000-000000000000/versions",
      "/v1/tools/web-search/config",
    ]) {
      const response = await client.get(path);
      expect(response.status(), path).toBe(401);
    }
    expect((await client.post("/v1/secrets", { data: {} })).status()).toBe(401);
    expect((await client.post("/v1/secrets/00000000-0000-4000-8000-000000000000/rollback", { data: { version: 1 } })).status()).toBe(401);
  }
  await admin.dispose();
  await anonymous.dispose();
});
