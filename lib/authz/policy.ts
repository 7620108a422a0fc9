import { ALL_PERMISSIONS, IMPLIED_PERMISSIONS, isPermission, type Permission } from "./permissions";

/**
 * The permission policy: what a principal may do in a project and on one
 * secret, computed from data read from the database on each request.
 * Nothing else decides; pages, actions and route handlers ask here.
 */
export type ProjectGrant = {
  projectId: string;
  userId: string;
  /** Every project role the member holds (system and custom). */
  roleIds: readonly string[];
  /** Union of the permissions of those roles. */
  permissions: ReadonlySet<Permission>;
  isProjectAdmin: boolean;
};

export type RoleData = { id: string; systemKey: string | null; permissions: string[] };

/**
 * The permissions a set of roles carries, with what each implies: changing
 * any secret's value means being able to read it (a writer can read what
 * they write), so secrets.edit carries secrets.reveal — the Roles page says so.
 */
export function permissionsOfRoles(roles: readonly RoleData[]): Set<Permission> {
  const permissions = new Set<Permission>();
  for (const role of roles) {
    const granted = role.systemKey === "project_admin" ? ALL_PERMISSIONS : role.permissions;
    for (const p of granted) if (isPermission(p)) permissions.add(p);
  }
  for (const [permission, implied] of Object.entries(IMPLIED_PERMISSIONS) as [Permission, Permission[]][]) {
    if (permissions.has(permission)) for (const p of implied) permissions.add(p);
  }
  // Any role at all lets a member open the project.
  if (roles.length > 0) permissions.add("project.view");
  return permissions;
}

/** Effective project permissions from the member's roles. */
export function grantFromRoles(projectId: string, userId: string, roles: RoleData[]): ProjectGrant {
  return {
    projectId,
    userId,
    roleIds: roles.map((r) => r.id),
    permissions: permissionsOfRoles(roles),
    isProjectAdmin: roles.some((r) => r.systemKey === "project_admin"),
  };
}

/*
 * Delegation. The one rule: nobody grants a role, a permission, an access
 * level or a token scope beyond what they hold themselves, and only
 * administrators grant administrator. A refusal says what is missing.
 */
export type Delegation = { ok: true } | { ok: false; reason: string };
const allowed: Delegation = { ok: true };

function missingFrom(grant: ProjectGrant, permissions: Iterable<Permission>): Permission[] {
  return [...new Set(permissions)].filter((p) => !grant.permissions.has(p));
}

function refusal(missing: Permission[], what: string): Delegation {
  return { ok: false, reason: `You cannot ${what}: it carries ${missing.join(", ")}, which you do not hold yourself.` };
}

/** Giving a custom role these permissions (creating or changing it). */
export function canGrantPermissions(grant: ProjectGrant, permissions: Iterable<string>): Delegation {
  if (grant.isProjectAdmin) return allowed;
  const missing = missingFrom(grant, permissionsOfRoles([{ id: "", systemKey: null, permissions: [...permissions] }]));
  return missing.length ? refusal(missing, "give a role these permissions") : allowed;
}

/** Changing or deleting an existing role: only one whose permissions the actor holds all of. */
export function canChangeRole(grant: ProjectGrant, role: RoleData): Delegation {
  if (grant.isProjectAdmin) return allowed;
  if (role.systemKey === "project_admin") return { ok: false, reason: "Only Project Administrators can change administrators' rights." };
  const missing = missingFrom(grant, permissionsOfRoles([role]));
  return missing.length ? refusal(missing, "change this role") : allowed;
}

/** Giving a member these roles (adding them, or changing their roles). */
export function canAssignRoles(grant: ProjectGrant, roles: readonly RoleData[]): Delegation {
  if (grant.isProjectAdmin) return allowed;
  if (roles.some((r) => r.systemKey === "project_admin")) {
    return { ok: false, reason: "Only Project Administrators can make someone a Project Administrator." };
  }
  const missing = missingFrom(grant, permissionsOfRoles(roles));
  return missing.length ? refusal(missing, "give these roles") : allowed;
}

/** Changing or removing a member who holds these roles: not someone with rights the actor lacks. */
export function canManageMember(grant: ProjectGrant, memberRoles: readonly RoleData[]): Delegation {
  if (grant.isProjectAdmin) return allowed;
  if (memberRoles.some((r) => r.systemKey === "project_admin")) {
    return { ok: false, reason: "Only Project Administrators can change or remove a Project Administrator." };
  }
  const missing = missingFrom(grant, permissionsOfRoles(memberRoles));
  return missing.length
    ? { ok: false, reason: `This member holds ${missing.join(", ")}, which you do not; only someone who does can change them.` }
    : allowed;
}

/** Giving someone (a member, a role, a token, All project tools) this level on a secret the actor has these rights on. */
export function canGrantAccessLevel(rights: SecretRights, level: "READ" | "WRITE"): Delegation {
  if (level === "WRITE" ? rights.write : rights.read) return allowed;
  return {
    ok: false,
    reason: `You cannot give ${level === "WRITE" ? "Write" : "Read"} access to this secret: you do not have it yourself.`,
  };
}

/**
 * What a person must hold to create a token of a scope. A Read token reads
 * every secret open to All project tools, now and later; a Manage token
 * also creates, changes, deletes secrets and sets any secret's Accesses
 * (so it can give itself any right on any secret).
 */
export const TOKEN_SCOPE_NEEDS: Record<TokenGrant["scope"], Permission[]> = {
  READ: ["tokens.manage", "secrets.reveal"],
  MANAGE: ["tokens.manage", "secrets.reveal", "secrets.edit", "secrets.create", "secrets.accesses"],
};

export function canCreateToken(grant: ProjectGrant, scope: TokenGrant["scope"]): Delegation {
  const missing = missingFrom(grant, TOKEN_SCOPE_NEEDS[scope]);
  return missing.length ? refusal(missing, `create a ${scope === "MANAGE" ? "Manage" : "Read"} token`) : allowed;
}

export function can(grant: ProjectGrant | null | undefined, permission: Permission): boolean {
  return Boolean(grant?.permissions.has(permission));
}

/** One entry of a secret's Accesses tab. */
export type AccessEntry = {
  principalType: "USER" | "ROLE" | "TOKEN" | "ALL_TOOLS";
  userId: string | null;
  roleId: string | null;
  tokenId: string | null;
  level: "READ" | "WRITE";
};

export type SecretRights = {
  /** Reveal and copy the value (audited). */
  read: boolean;
  /** Change the value, status and description. */
  write: boolean;
  /** Rename the secret (its name is what tool settings refer to). */
  rename: boolean;
  /** Move to the Trash and restore (purging takes rename too: PURGE_NEEDS). */
  delete: boolean;
  /** Change the Accesses tab. */
  manageAccesses: boolean;
};

/**
 * A member's rights on one secret: their project permissions, plus the
 * secret's Accesses entries for them or for any of their roles. An entry
 * never grants delete or manage-accesses.
 */
export function secretRightsForUser(grant: ProjectGrant | null | undefined, entries: readonly AccessEntry[]): SecretRights {
  if (!grant) return { read: false, write: false, rename: false, delete: false, manageAccesses: false };
  let level: "READ" | "WRITE" | null = null;
  for (const entry of entries) {
    const mine =
      (entry.principalType === "USER" && entry.userId === grant.userId) ||
      (entry.principalType === "ROLE" && entry.roleId !== null && grant.roleIds.includes(entry.roleId));
    if (mine && (level === null || entry.level === "WRITE")) level = entry.level;
  }
  const write = can(grant, "secrets.edit") || level === "WRITE";
  return {
    read: can(grant, "secrets.reveal") || write || level === "READ",
    write,
    rename: can(grant, "secrets.edit"),
    delete: can(grant, "secrets.create"),
    manageAccesses: can(grant, "secrets.accesses"),
  };
}

/**
 * Purging a secret from the Trash frees its name for a new secret, whose value the tool settings that refer to
 * the name would then resolve: like a rename, it changes what a name stands for. So it takes both the right to
 * delete (secrets.create) and the right to rename (secrets.edit); delete alone would let a creator replace a value
 * they may not change (delete, purge, create again under the same name).
 */
export const PURGE_NEEDS = ["delete", "rename"] as const satisfies readonly (keyof SecretRights)[];

/** Whether these rights on a secret include purging it. */
export const canPurge = (rights: SecretRights) => PURGE_NEEDS.every((need) => rights[need]);

/** Organization-level actions. */
export type OrgGrant = { organizationId: string; isOrgAdmin: boolean };

export function canManageOrganization(grant: OrgGrant | null | undefined): boolean {
  return Boolean(grant?.isOrgAdmin);
}

/** An API token as the policy sees it. */
export type TokenGrant = { tokenId: string; projectId: string; scope: "READ" | "MANAGE" };

/**
 * A token's rights on one secret: read through an entry for the token or
 * for All project tools; write, delete and manage-accesses only with the
 * manage scope (write also needs a write entry). Serving a value further
 * requires the secret to be Active (lib/secrets/rules.ts).
 */
export function secretRightsForToken(token: TokenGrant, entries: readonly AccessEntry[]): SecretRights {
  let level: "READ" | "WRITE" | null = null;
  for (const entry of entries) {
    const mine = entry.principalType === "ALL_TOOLS" || (entry.principalType === "TOKEN" && entry.tokenId === token.tokenId);
    if (mine && (level === null || entry.level === "WRITE")) level = entry.level;
  }
  const manage = token.scope === "MANAGE";
  return {
    read: level !== null,
    write: manage && level === "WRITE",
    rename: manage && level === "WRITE",
    delete: manage,
    manageAccesses: manage,
  };
}

/** Project-level token permissions: listing and tool settings for every token; creating with the manage scope. */
export function tokenCan(token: TokenGrant, action: "list" | "create" | "tools.view"): boolean {
  return action === "create" ? token.scope === "MANAGE" : true;
}
