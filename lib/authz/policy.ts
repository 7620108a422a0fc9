import { ALL_PERMISSIONS, type Permission } from "./permissions";

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

/** Effective project permissions from the member's roles. */
export function grantFromRoles(projectId: string, userId: string, roles: RoleData[]): ProjectGrant {
  const permissions = new Set<Permission>();
  for (const role of roles) {
    const granted = role.systemKey === "project_admin" ? ALL_PERMISSIONS : role.permissions;
    for (const p of granted) if ((ALL_PERMISSIONS as string[]).includes(p)) permissions.add(p as Permission);
  }
  // Any role at all lets a member open the project.
  if (roles.length > 0) permissions.add("project.view");
  return {
    projectId,
    userId,
    roleIds: roles.map((r) => r.id),
    permissions,
    isProjectAdmin: roles.some((r) => r.systemKey === "project_admin"),
  };
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
  /** Delete, restore, purge. */
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
