import { hash } from "@node-rs/argon2";
import { expect, request, test, type APIRequestContext } from "./support/test";
import type pg from "pg";
import { connectE2EDatabase, snapshot } from "./support/database";
import { E2E } from "./support/environment";
import { demoProjectId } from "./support/pages";
import { callServerAction } from "./support/server-actions";
import { apiAs, issueToken } from "./support/tokens";

/**
 * The escalation matrix (issue 9, point 3). For each delegable permission, a
 * member holding a custom role with only that permission tries every route
 * to a right it lacks — server actions as the browser calls them, and the
 * REST API with a token such a person could hold — and every try must be
 * refused and change nothing. Nobody grants beyond what they hold; only
 * administrators grant administrator.
 */
const DELEGABLE = [
  "members.manage",
  "roles.manage",
  "tokens.manage",
  "secrets.accesses",
  "secrets.edit",
  "secrets.create",
  "secrets.reveal",
  "tools.edit",
  "requests.view",
] as const;
type Delegable = (typeof DELEGABLE)[number];

type Holder = { permission: Delegable; userId: string; memberId: string; roleId: string; context: APIRequestContext };
type World = {
  projectId: string;
  adminRoleId: string;
  everythingRoleId: string;
  adminMemberId: string;
  secretId: string;
  /** A secret in the Trash: purging it would free its name for a new secret that tools referring to it resolve. */
  trashedId: string;
};

/** A try: the server action and arguments, and which holders legitimately have the right it reaches for. */
type Try = { name: string; action: string; args: (h: Holder, w: World) => unknown[]; heldBy?: Delegable[] };

const TRIES: Try[] = [
  {
    name: "make themselves Project Administrator",
    action: "updateMemberRolesAction",
    args: (h, w) => [w.projectId, h.memberId, { roleIds: [w.adminRoleId] }],
  },
  {
    name: "give themselves a role carrying every permission",
    action: "updateMemberRolesAction",
    args: (h, w) => [w.projectId, h.memberId, { roleIds: [h.roleId, w.everythingRoleId] }],
  },
  {
    name: "add a new person as Project Administrator",
    action: "addMemberAction",
    args: (h, w) => [w.projectId, { email: `puppet-${h.permission}@example.com`, roleIds: [w.adminRoleId] }],
  },
  {
    name: "demote the administrator",
    action: "updateMemberRolesAction",
    args: (h, w) => [w.projectId, w.adminMemberId, { roleIds: [h.roleId] }],
  },
  { name: "remove the administrator", action: "removeMemberAction", args: (_h, w) => [w.projectId, w.adminMemberId] },
  {
    name: "add every permission to their own role",
    action: "updateRoleAction",
    args: (h, w) => [w.projectId, h.roleId, { name: `Only ${h.permission}`, permissions: [...DELEGABLE] }],
  },
  {
    name: "create a role with every permission",
    action: "createRoleAction",
    args: (h, w) => [w.projectId, { name: `Climb ${h.permission}`, permissions: [...DELEGABLE] }],
  },
  {
    name: "change a role carrying more than they hold",
    action: "updateRoleAction",
    args: (_h, w) => [w.projectId, w.everythingRoleId, { name: "Everything", permissions: [] }],
  },
  {
    name: "create a Manage token",
    action: "createApiTokenAction",
    args: (_h, w) => [w.projectId, { name: "climb", scope: "MANAGE", expiresInDays: 0 }],
  },
  {
    name: "create a Read token",
    action: "createApiTokenAction",
    args: (_h, w) => [w.projectId, { name: "climb", scope: "READ", expiresInDays: 0 }],
  },
  {
    name: "give themselves Read on a secret",
    action: "updateSecretAction",
    args: (h, w) => [w.projectId, w.secretId, null, { entries: [{ principal: `user:${h.userId}`, level: "READ" }] }],
  },
  {
    name: "give their role Write on a secret",
    action: "updateSecretAction",
    args: (h, w) => [w.projectId, w.secretId, null, { entries: [{ principal: `role:${h.roleId}`, level: "WRITE" }] }],
  },
  {
    name: "reveal a secret's value",
    action: "revealSecretAction",
    args: (_h, w) => [w.projectId, w.secretId, "reveal"],
    heldBy: ["secrets.reveal", "secrets.edit"],
  },
  {
    name: "change a secret's value",
    action: "updateSecretAction",
    args: (_h, w) => [
      w.projectId,
      w.secretId,
      { name: "Escalation target", value: "changed", status: "ACTIVE", description: "", expiresOn: "", revision: 1 },
    ],
    heldBy: ["secrets.edit"],
  },
  {
    // Purge, then create again under the same name, would replace the value tools resolve by that name: a value
    // change, which takes secrets.edit as well as secrets.create (lib/authz/policy.ts PURGE_NEEDS).
    name: "purge a secret from the Trash, freeing its name for a value of their own",
    action: "purgeSecretAction",
    args: (_h, w) => [w.projectId, w.trashedId],
  },
  {
    name: "make someone administrator from the organization",
    action: "makeProjectAdminAction",
    args: (h, w) => [{ userId: h.userId, projectId: w.projectId }],
  },
];

test.describe.configure({ mode: "serial" });

test("no delegated permission climbs: every try at a right its holder lacks is refused and changes nothing", async () => {
  test.setTimeout(240_000);
  const projectId = await demoProjectId();
  const db = await connectE2EDatabase();
  const one = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0];
  const world: World = {
    projectId,
    adminRoleId: (await one(`SELECT id FROM "Role" WHERE "projectId" = $1 AND "systemKey" = 'project_admin'`, [projectId])).id,
    everythingRoleId: (
      await one(
        `INSERT INTO "Role" (id, "projectId", name, "nameKey", permissions, "updatedAt") VALUES (gen_random_uuid(), $1, 'Everything', 'everything', $2, now()) RETURNING id`,
        [projectId, [...DELEGABLE]],
      )
    ).id,
    adminMemberId: (
      await one(`SELECT m.id FROM "ProjectMember" m JOIN "User" u ON u.id = m."userId" WHERE m."projectId" = $1 AND u.email = $2`, [
        projectId,
        E2E.users.admin.email,
      ])
    ).id,
    secretId: (
      await one(
        `INSERT INTO "Secret" (id, "projectId", name, "nameKey") VALUES (gen_random_uuid(), $1, 'Escalation target', 'escalation target') RETURNING id`,
        [projectId],
      )
    ).id,
    trashedId: (
      await one(
        `INSERT INTO "Secret" (id, "projectId", name, "nameKey", "deletedAt") VALUES (gen_random_uuid(), $1, 'Escalation trashed', 'escalation trashed', now()) RETURNING id`,
        [projectId],
      )
    ).id,
  };
  await db.query(
    `INSERT INTO "SecretAccess" (id, "secretId", "principalType", "principalKey", level) VALUES (gen_random_uuid(), $1, 'ALL_TOOLS', 'all_tools', 'READ')`,
    [world.secretId],
  );

  const holders: Holder[] = [];
  for (const permission of DELEGABLE) holders.push(await makeHolder(db, projectId, permission));

  const failures: string[] = [];
  for (const holder of holders) {
    for (const attempt of TRIES) {
      if (attempt.heldBy?.includes(holder.permission)) continue;
      const before = await snapshot(db);
      const { status, result } = await callServerAction(
        holder.context,
        attempt.action,
        attempt.args(holder, world),
        `/projects/${projectId}/dashboard`,
      );
      const refused = result === null ? status >= 300 : result.ok === false;
      if (!refused) failures.push(`${holder.permission} could ${attempt.name}: ${status} ${JSON.stringify(result)}`);
      if ((await snapshot(db)).join() !== before.join()) failures.push(`${holder.permission} trying to ${attempt.name} changed data`);
    }
  }

  // The REST API, with the most a tokens.manage + reveal holder can make: a Read token.
  const { token } = await issueToken(projectId, { scope: "READ" });
  const api = await apiAs(token);
  await api.get("/v1/secrets"); // first use records last use; from here on nothing may change
  const before = await snapshot(db);
  const apiTries: [string, () => Promise<{ status(): number }>][] = [
    [
      "give itself Write",
      () =>
        api.post(`/v1/secrets/${world.secretId}/accesses`, {
          data: { secretDefinition: { accessList: [{ accessLevel: "write", principalType: "service", principalId: "*" }] } },
        }),
    ],
    ["change a value", () => api.put(`/v1/secrets/${world.secretId}`, { data: { secretDefinition: { secretString: "changed" } } })],
    ["create a secret", () => api.post("/v1/secrets", { data: { secretDefinition: { name: "Climbed", secretString: "x" } } })],
    ["roll back", () => api.post(`/v1/secrets/${world.secretId}/rollback`, { data: { version: 1 } })],
  ];
  for (const [what, call] of apiTries) {
    const status = (await call()).status();
    if (status !== 403) failures.push(`a Read token could ${what}: ${status}`);
  }
  if ((await snapshot(db)).join() !== before.join()) failures.push("the Read token's tries changed data");
  await api.dispose();

  // A Manage token gives no level it lacks on a secret either: with Read through All project tools, not Write.
  const manage = await apiAs((await issueToken(projectId, { scope: "MANAGE" })).token);
  await manage.get("/v1/secrets");
  const beforeManage = await snapshot(db);
  const selfWrite = await manage.post(`/v1/secrets/${world.secretId}/accesses`, {
    data: { secretDefinition: { accessList: [{ accessLevel: "write", principalType: "service", principalId: "*" }] } },
  });
  if (selfWrite.status() !== 403) failures.push(`a Manage token could give Write it lacks: ${selfWrite.status()}`);
  if ((await snapshot(db)).join() !== beforeManage.join()) failures.push("the Manage token's try changed data");
  await manage.dispose();

  expect(failures).toEqual([]);
  for (const holder of holders) await holder.context.dispose();
  await db.end();
});

/** A member holding a custom role with only `permission`, signed in through the sign-in action. */
async function makeHolder(db: pg.Client, projectId: string, permission: Delegable): Promise<Holder> {
  const email = `holder-${permission.replace(".", "-")}@example.com`;
  const password = `holder-password-${permission}`;
  const role = await db.query(
    `INSERT INTO "Role" (id, "projectId", name, "nameKey", permissions, "updatedAt") VALUES (gen_random_uuid(), $1, $2, lower($2), $3, now()) RETURNING id`,
    [projectId, `Only ${permission}`, [permission]],
  );
  const user = await db.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id`,
    [email, `Holder of ${permission}`, await hash(password)],
  );
  const org = await db.query(`SELECT "organizationId" FROM "Project" WHERE id = $1`, [projectId]);
  await db.query(`INSERT INTO "OrganizationMember" (id, "organizationId", "userId") VALUES (gen_random_uuid(), $1, $2)`, [
    org.rows[0].organizationId,
    user.rows[0].id,
  ]);
  const member = await db.query(`INSERT INTO "ProjectMember" (id, "projectId", "userId") VALUES (gen_random_uuid(), $1, $2) RETURNING id`, [
    projectId,
    user.rows[0].id,
  ]);
  await db.query(`INSERT INTO "ProjectMemberRole" ("memberId", "roleId") VALUES ($1, $2)`, [member.rows[0].id, role.rows[0].id]);
  const context = await request.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  const signIn = await callServerAction(context, "signInAction", [{ email, password }, "/"], "/login");
  expect(signIn.status, `sign-in of ${email}`).toBeLessThan(400);
  expect(
    (await context.storageState()).cookies.some((c) => c.name.includes("session-token")),
    `session of ${email}`,
  ).toBe(true);
  return { permission, userId: user.rows[0].id, memberId: member.rows[0].id, roleId: role.rows[0].id, context };
}
