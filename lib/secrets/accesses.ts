import "server-only";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/record";
import { canGrantAccessLevel, secretRightsForUser, type Delegation, type ProjectGrant, type SecretRights } from "@/lib/authz/policy";
import { isUuid } from "@/lib/ids";
import { db, isUniqueViolation, type Tx } from "@/lib/db";
import { addAccessSchema, changeAccessSchema, type AccessRequest } from "@/lib/secrets/schema";
import type { AuthorizedProject } from "@/lib/authz/context";

/**
 * The Accesses tab of a secret: who (a member, a role, an API token, or All
 * project tools) may read or write it. The caller checks the right to manage
 * the secret's Accesses and passes the actor's own rights on it: nobody gives
 * a level they do not hold themselves (the policy's delegation rule).
 */

type Ctx = AuthorizedProject & { rights: SecretRights | null };

export type PrincipalOption = { key: string; type: "USER" | "ROLE" | "TOKEN" | "ALL_TOOLS"; label: string; detail: string };

/** Everyone and everything of the project that can be given access, for the picker. */
export async function listPrincipalOptions(projectId: string): Promise<PrincipalOption[]> {
  const [members, roles, tokens] = await Promise.all([
    db.projectMember.findMany({
      where: { projectId },
      select: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { user: { email: "asc" } },
    }),
    db.role.findMany({ where: { projectId }, select: { id: true, name: true, systemKey: true }, orderBy: { nameKey: "asc" } }),
    db.apiToken.findMany({
      where: { projectId, revokedAt: null },
      select: { id: true, name: true, prefix: true },
      orderBy: { name: "asc" },
    }),
  ]);
  return [
    { key: "all_tools", type: "ALL_TOOLS", label: "All project tools", detail: "Every API token of the project" },
    ...members.map(({ user }) => ({ key: `user:${user.id}`, type: "USER" as const, label: user.name || user.email, detail: user.email })),
    ...roles.map((r) => ({
      key: `role:${r.id}`,
      type: "ROLE" as const,
      label: r.name,
      detail: r.systemKey ? "System role" : "Custom role",
    })),
    ...tokens.map((t) => ({ key: `token:${t.id}`, type: "TOKEN" as const, label: t.name, detail: `API token ${t.prefix}…` })),
  ];
}

type StoredEntry = {
  principalType: "USER" | "ROLE" | "TOKEN" | "ALL_TOOLS";
  userId: string | null;
  role: { name: string } | null;
  token: { name: string; prefix: string } | null;
};

/** How an entry's principal reads, wherever entries are shown (the Accesses tab, the API): a name and a detail. */
export function describePrincipal(entry: StoredEntry, user?: { name: string; email: string }) {
  switch (entry.principalType) {
    case "ALL_TOOLS":
      return { label: "All project tools", detail: "Every API token", email: null };
    case "USER":
      return { label: (user?.name || user?.email) ?? "Former member", detail: user?.email ?? "", email: user?.email ?? null };
    case "ROLE":
      return { label: entry.role?.name ?? "Deleted role", detail: "Role", email: null };
    case "TOKEN":
      return { label: entry.token?.name ?? "Deleted token", detail: `API token ${entry.token?.prefix ?? ""}…`, email: null };
  }
}

/** The secret's entries with readable names, oldest first. */
export async function listSecretAccesses(projectId: string, secretId: string) {
  const entries = await db.secretAccess.findMany({
    where: { secretId, secret: { projectId } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      principalType: true,
      principalKey: true,
      userId: true,
      roleId: true,
      tokenId: true,
      level: true,
      role: { select: { name: true } },
      token: { select: { name: true, prefix: true } },
    },
  });
  const userIds = entries.map((e) => e.userId).filter((id): id is string => Boolean(id));
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return entries.map((e) => ({
    id: e.id,
    principalType: e.principalType,
    principalKey: e.principalKey,
    /** The member's, role's or token's id; null for All project tools. */
    principalId: e.userId ?? e.roleId ?? e.tokenId,
    level: e.level,
    ...describePrincipal(e, e.userId ? byId.get(e.userId) : undefined),
  }));
}

/**
 * A principal of this project by key — `all_tools`, `user:<id or email>`,
 * `role:<id>`, `token:<id>` — as an entry's columns and its canonical key;
 * null when no such member, role or live token belongs to the project.
 */
export async function resolvePrincipal(projectId: string, key: string, tx: Tx = db) {
  if (key === "all_tools") return { key, label: "All project tools", columns: { principalType: "ALL_TOOLS" as const } };
  const colon = key.indexOf(":");
  // Ids in one spelling (lower case), so that one principal always has one key.
  const [kind, id] = [key.slice(0, colon), key.slice(colon + 1).toLowerCase()];
  if (kind === "user") {
    const byEmail = !isUuid(id);
    if (byEmail && !id.includes("@")) return null;
    const member = await tx.projectMember.findFirst({
      where: { projectId, user: byEmail ? { email: id.toLowerCase() } : { id } },
      select: { user: { select: { id: true, email: true } } },
    });
    if (!member) return null;
    return { key: `user:${member.user.id}`, label: member.user.email, columns: { principalType: "USER" as const, userId: member.user.id } };
  }
  if (!isUuid(id)) return null;
  if (kind === "role") {
    const role = await tx.role.findFirst({ where: { id, projectId }, select: { name: true } });
    return role ? { key: `role:${id}`, label: role.name, columns: { principalType: "ROLE" as const, roleId: id } } : null;
  }
  if (kind !== "token") return null;
  const token = await tx.apiToken.findFirst({ where: { id, projectId, revokedAt: null }, select: { name: true } });
  return token ? { key: `token:${id}`, label: token.name, columns: { principalType: "TOKEN" as const, tokenId: id } } : null;
}

export type ReplaceRefusal =
  | { ok: false; code: "invalid_input"; problem: "unknown_principal"; index: number }
  | { ok: false; code: "invalid_input"; problem: "named_twice" }
  | { ok: false; code: "forbidden"; problem: "not_held"; index: number; level: "READ" | "WRITE" };

/**
 * Replaces a secret's whole Accesses list (the REST API's shape of the
 * change), with one audit event. Every principal must belong to the project,
 * and the caller gives no level it does not hold itself (`mayGive`).
 */
export async function replaceSecretAccesses(
  ctx: AuthorizedProject,
  secret: { id: string; name: string },
  requested: readonly { key: string; level: "READ" | "WRITE" }[],
  mayGive: (level: "READ" | "WRITE") => Delegation,
): Promise<{ ok: true } | ReplaceRefusal> {
  const rows: ({ principalKey: string; level: "READ" | "WRITE" } & PrincipalColumns)[] = [];
  for (const [index, item] of requested.entries()) {
    const principal = await resolvePrincipal(ctx.projectId, item.key);
    if (!principal) return { ok: false, code: "invalid_input", problem: "unknown_principal", index };
    rows.push({ ...principal.columns, principalKey: principal.key, level: item.level });
  }
  // Checked once every principal is known to be valid.
  for (const [index, row] of rows.entries()) {
    if (!mayGive(row.level).ok) return { ok: false, code: "forbidden", problem: "not_held", index, level: row.level };
  }
  if (new Set(rows.map((r) => r.principalKey)).size !== rows.length) return { ok: false, code: "invalid_input", problem: "named_twice" };
  await db.$transaction(async (tx) => {
    await tx.secretAccess.deleteMany({ where: { secretId: secret.id } });
    await tx.secretAccess.createMany({ data: rows.map((r) => ({ ...r, secretId: secret.id })) });
    await recordAudit(tx, ctx.actor, {
      action: "secret.access_replace",
      projectId: ctx.projectId,
      targetType: "secret",
      targetId: secret.id,
      targetName: secret.name,
      details: { accessList: rows.map((r) => ({ principal: r.principalKey, level: r.level })) },
    });
  });
  return { ok: true };
}

export async function addSecretAccess(ctx: Ctx, secretId: string, input: unknown): Promise<ActionResult<{ accessId: string }>> {
  const parsed = addAccessSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const delegation = grantable(ctx, parsed.data.level);
  if (!delegation.ok) return fieldError("level", delegation.reason);
  const secret = await db.secret.findFirst({ where: { id: secretId, projectId: ctx.projectId }, select: { name: true } });
  if (!secret) return { ok: false, code: "not_found", message: "This secret does not exist in this project." };
  const principal = await resolvePrincipal(ctx.projectId, parsed.data.principal);
  if (!principal) return fieldError("principal", "This member, role or token is not part of this project.");
  const { label, columns } = principal;
  try {
    const access = await db.$transaction(async (tx) => {
      const created = await tx.secretAccess.create({
        data: { secretId, principalKey: principal.key, level: parsed.data.level, ...columns },
        select: { id: true },
      });
      await recordAudit(tx, ctx.actor, {
        action: "secret.access_add",
        projectId: ctx.projectId,
        targetType: "secret",
        targetId: secretId,
        targetName: secret.name,
        details: { principal: principal.key, principalLabel: label, level: parsed.data.level },
      });
      return created;
    });
    return { ok: true, accessId: access.id };
  } catch (error) {
    if (isUniqueViolation(error)) return fieldError("principal", `${label} already has an entry; change its level instead.`);
    throw error;
  }
}

export async function changeSecretAccess(ctx: Ctx, secretId: string, accessId: string, input: unknown): Promise<ActionResult> {
  const parsed = changeAccessSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const delegation = grantable(ctx, parsed.data.level);
  if (!delegation.ok) return fieldError("level", delegation.reason);
  return db.$transaction(async (tx) => {
    const entry = await tx.secretAccess.findFirst({
      where: { id: accessId, secretId, secret: { projectId: ctx.projectId } },
      select: { principalKey: true, level: true, secret: { select: { name: true } } },
    });
    if (!entry) return { ok: false, code: "not_found", message: "This access entry no longer exists." };
    await tx.secretAccess.update({ where: { id: accessId }, data: { level: parsed.data.level } });
    await recordAudit(tx, ctx.actor, {
      action: "secret.access_change",
      projectId: ctx.projectId,
      targetType: "secret",
      targetId: secretId,
      targetName: entry.secret.name,
      details: { principal: entry.principalKey, from: entry.level, to: parsed.data.level },
    });
    return { ok: true };
  });
}

export async function removeSecretAccess(ctx: Ctx, secretId: string, accessId: string): Promise<ActionResult> {
  return db.$transaction(async (tx) => {
    const entry = await tx.secretAccess.findFirst({
      where: { id: accessId, secretId, secret: { projectId: ctx.projectId } },
      select: { principalKey: true, level: true, secret: { select: { name: true } } },
    });
    if (!entry) return { ok: false, code: "not_found", message: "This access entry no longer exists." };
    await tx.secretAccess.delete({ where: { id: accessId } });
    await recordAudit(tx, ctx.actor, {
      action: "secret.access_remove",
      projectId: ctx.projectId,
      targetType: "secret",
      targetId: secretId,
      targetName: entry.secret.name,
      details: { principal: entry.principalKey, level: entry.level },
    });
    return { ok: true };
  });
}

/** The changes that turn a secret's entries into the requested list, checked before anything is written. */
export type AccessPlan = {
  add: { principal: string; level: "READ" | "WRITE"; label: string; columns: PrincipalColumns }[];
  change: { id: string; principal: string; from: "READ" | "WRITE"; to: "READ" | "WRITE" }[];
  remove: { id: string; principal: string; level: "READ" | "WRITE" }[];
};

/**
 * Compares the requested entries (the Secret Editor's whole Accesses tab)
 * with the stored ones. Every added or raised level passes the delegation
 * rule and every new principal must belong to the project; the first
 * refusal is returned and nothing is planned.
 */
export async function planAccessChanges(
  tx: Tx,
  ctx: Ctx,
  secretId: string,
  requested: readonly AccessRequest[],
  base?: readonly AccessRequest[],
): Promise<ActionResult<{ plan: AccessPlan }>> {
  const stored = await tx.secretAccess.findMany({ where: { secretId }, select: { id: true, principalKey: true, level: true } });
  // The editor sends the list it loaded: a change made since (someone removed an entry) is not undone silently.
  if (
    base &&
    !sameEntries(
      stored.map((e) => ({ principal: e.principalKey, level: e.level })),
      base,
    )
  ) {
    return {
      ok: false,
      code: "stale",
      message:
        "Someone changed this secret's Accesses after you opened it. Nothing was saved; reload to see their change, then apply yours again.",
      fieldErrors: { accesses: ["Someone changed these Accesses after you opened them: reload, then apply your change again."] },
    };
  }
  // Keys are compared in their one spelling (lower case), whoever built them: the same member twice is refused.
  requested = requested.map((r) => ({ ...r, principal: r.principal.toLowerCase() }));
  const wanted = new Set(requested.map((r) => r.principal));
  if (wanted.size !== requested.length) return fieldError("accesses", "Each member, role or token appears once.");
  const byKey = new Map(stored.map((e) => [e.principalKey, e]));
  const plan: AccessPlan = { add: [], change: [], remove: [] };
  for (const request of requested) {
    const existing = byKey.get(request.principal);
    if (existing?.level === request.level) continue;
    const delegation = grantable(ctx, request.level);
    if (!delegation.ok) return fieldError("accesses", delegation.reason);
    if (existing) {
      plan.change.push({ id: existing.id, principal: request.principal, from: existing.level, to: request.level });
      continue;
    }
    const principal = await resolvePrincipal(ctx.projectId, request.principal, tx);
    if (!principal) return fieldError("accesses", "A member, role or token in this list is no longer part of this project.");
    const { label, columns } = principal;
    plan.add.push({ principal: principal.key, level: request.level, label, columns });
  }
  for (const entry of stored) {
    if (!wanted.has(entry.principalKey)) plan.remove.push({ id: entry.id, principal: entry.principalKey, level: entry.level });
  }
  return { ok: true, plan };
}

function sameEntries(a: readonly AccessRequest[], b: readonly AccessRequest[]) {
  if (a.length !== b.length) return false;
  const levels = new Map(a.map((e) => [e.principal, e.level]));
  return b.every((e) => levels.get(e.principal) === e.level);
}

type PrincipalColumns = NonNullable<Awaited<ReturnType<typeof resolvePrincipal>>>["columns"];

/** Writes a checked plan, each change with its audit event, in the caller's transaction. */
export async function applyAccessPlan(
  tx: Tx,
  ctx: Pick<Ctx, "projectId" | "actor">,
  secret: { id: string; name: string },
  plan: AccessPlan,
) {
  const event = (action: string, details: Record<string, unknown>) =>
    recordAudit(tx, ctx.actor, {
      action,
      projectId: ctx.projectId,
      targetType: "secret",
      targetId: secret.id,
      targetName: secret.name,
      details: details as never,
    });
  for (const entry of plan.remove) {
    await tx.secretAccess.delete({ where: { id: entry.id } });
    await event("secret.access_remove", { principal: entry.principal, level: entry.level });
  }
  for (const entry of plan.change) {
    await tx.secretAccess.update({ where: { id: entry.id }, data: { level: entry.to } });
    await event("secret.access_change", { principal: entry.principal, from: entry.from, to: entry.to });
  }
  for (const entry of plan.add) {
    await tx.secretAccess.create({ data: { secretId: secret.id, principalKey: entry.principal, level: entry.level, ...entry.columns } });
    await event("secret.access_add", { principal: entry.principal, principalLabel: entry.label, level: entry.level });
  }
}

function grantable(ctx: Ctx, level: "READ" | "WRITE") {
  return ctx.rights ? canGrantAccessLevel(ctx.rights, level) : { ok: false as const, reason: "You have no rights on this secret." };
}

/**
 * Giving someone a role also gives them the role's entries in secrets'
 * Accesses: the actor must hold at least each such level on that secret
 * (the policy's delegation rule, applied to what a role carries besides
 * permissions).
 */
export async function roleEntriesWithin(grant: ProjectGrant, roleIds: readonly string[]): Promise<Delegation> {
  if (grant.isProjectAdmin || roleIds.length === 0) return { ok: true };
  const entries = await db.secretAccess.findMany({
    where: { roleId: { in: [...roleIds] }, secret: { projectId: grant.projectId } },
    select: {
      level: true,
      secret: {
        select: { name: true, accesses: { select: { principalType: true, userId: true, roleId: true, tokenId: true, level: true } } },
      },
    },
  });
  for (const entry of entries) {
    if (!canGrantAccessLevel(secretRightsForUser(grant, entry.secret.accesses), entry.level).ok) {
      const level = entry.level === "WRITE" ? "Write" : "Read";
      return { ok: false, reason: `This role gives ${level} on the secret "${entry.secret.name}", which you do not hold yourself.` };
    }
  }
  return { ok: true };
}
