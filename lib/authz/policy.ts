import { ALL_PERMISSIONS, type Permission } from "./permissions";

/**
 * The permission policy: what a principal may do in a project, computed from
 * data read from the database on each request. Nothing else decides.
 */
export type ProjectGrant = {
  projectId: string;
  /** Union of the permissions of every role the member holds. */
  permissions: ReadonlySet<Permission>;
  isProjectAdmin: boolean;
};

/** Effective project permissions from the member's roles. */
export function grantFromRoles(projectId: string, roles: { systemKey: string | null; permissions: string[] }[]): ProjectGrant {
  const permissions = new Set<Permission>();
  for (const role of roles) {
    const granted = role.systemKey === "project_admin" ? ALL_PERMISSIONS : role.permissions;
    for (const p of granted) if ((ALL_PERMISSIONS as string[]).includes(p)) permissions.add(p as Permission);
  }
  // Any role at all lets a member open the project.
  if (roles.length > 0) permissions.add("project.view");
  return { projectId, permissions, isProjectAdmin: roles.some((r) => r.systemKey === "project_admin") };
}

export function can(grant: ProjectGrant | null | undefined, permission: Permission): boolean {
  return Boolean(grant?.permissions.has(permission));
}

/** Organization-level actions. */
export type OrgGrant = { organizationId: string; isOrgAdmin: boolean };

export function canManageOrganization(grant: OrgGrant | null | undefined): boolean {
  return Boolean(grant?.isOrgAdmin);
}
