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
  "requests.view": "View the requests log and the activity",
} as const;

/**
 * Exactly what each permission lets its holders do, with its limits: shown
 * under each permission on the Roles page and in the role editor. The
 * limits are the policy's delegation rule (lib/authz/policy.ts): nobody
 * grants beyond what they hold.
 */
export const PERMISSION_DETAILS: Record<keyof typeof PERMISSIONS, string> = {
  "project.view": "Every role includes it.",
  "secrets.list": "Names, status, versions and who uses them; never a value.",
  "secrets.create":
    "Also import .env files, move secrets to the Trash and restore them. Purging one for good also takes Edit secrets: it frees the name, so a new secret can take the place tool settings refer to.",
  "secrets.edit":
    "Name, value, status, description, expiry and roll back on every secret. Includes revealing and copying values: whoever can change a value can read it.",
  "secrets.reveal": "Every reveal and copy is an audit event.",
  "secrets.accesses":
    "Give or change a member's, role's or token's Read or Write on a secret, only up to the level they hold on it themselves.",
  "tools.view": "Which secret name each setting refers to and whether it resolves; never a value.",
  "tools.edit": "Which secret name each confidential setting refers to, and the other settings.",
  "members.manage":
    "Add, change and remove members, giving only roles whose permissions they hold themselves; never Project Administrator, and never changing someone who holds more.",
  "roles.manage": "Create, change and delete custom roles, with only permissions they hold themselves.",
  "tokens.manage":
    "Create and revoke API tokens and use the Playground. A Read token also needs reveal; a Manage token also needs create, edit, reveal and Accesses (a token never holds more than its creator).",
  "requests.view": "View and export every API call and resolution, and what people did (the Activity); never values.",
};

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

/** What holding a permission brings with it (see permissionsOfRoles in policy.ts). */
export const IMPLIED_PERMISSIONS: Partial<Record<Permission, Permission[]>> = {
  "secrets.edit": ["secrets.reveal"],
};

export type SystemRoleKey = keyof typeof SYSTEM_ROLES;

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}
