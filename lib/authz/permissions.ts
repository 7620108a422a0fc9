/**
 * Every permission the product knows, and what the two system roles grant.
 * Pure data: shared by the policy (lib/authz/policy.ts), the Roles page and
 * the tests. Custom roles carry a subset of these.
 */
export const PERMISSIONS = {
  "project.view": "Open the project and its dashboard",
  "secrets.list": "List secrets (names and status, never values)",
  "secrets.create": "Create, delete and restore secrets",
  "secrets.edit": "Change any secret's value and status",
  "secrets.reveal": "Reveal and copy any secret's value (audited)",
  "secrets.accesses": "Manage each secret's Accesses",
  "tools.view": "View tool settings",
  "tools.edit": "Edit tool settings",
  "members.manage": "Manage members",
  "roles.manage": "Manage roles",
  "tokens.manage": "Manage API tokens",
  "requests.view": "View the requests log",
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export const SYSTEM_ROLES = {
  project_admin: {
    name: "Project Administrator",
    description: "Everything a member can do, plus secrets, accesses, members, roles, API tokens and tool settings.",
    permissions: ALL_PERMISSIONS,
  },
  project_member: {
    name: "Project Member",
    description: "Browses the project: secrets without values, tool settings, the dashboard.",
    permissions: ["project.view", "secrets.list", "tools.view", "requests.view"] as Permission[],
  },
} as const;

export type SystemRoleKey = keyof typeof SYSTEM_ROLES;

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}
