import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, SYSTEM_ROLES } from "@/lib/authz/permissions";
import { can, canManageOrganization, grantFromRoles } from "@/lib/authz/policy";

describe("the permission policy", () => {
  it("gives a Project Administrator every permission", () => {
    const grant = grantFromRoles("p", "u", [{ id: "r-admin", systemKey: "project_admin", permissions: [] }]);
    for (const permission of ALL_PERMISSIONS) expect(can(grant, permission)).toBe(true);
    expect(grant.isProjectAdmin).toBe(true);
  });

  it("lets a Project Member browse but not manage", () => {
    const grant = grantFromRoles("p", "u", [
      { id: "r-member", systemKey: "project_member", permissions: [...SYSTEM_ROLES.project_member.permissions] },
    ]);
    expect(can(grant, "project.view")).toBe(true);
    expect(can(grant, "secrets.list")).toBe(true);
    expect(can(grant, "tools.view")).toBe(true);
    for (const denied of [
      "secrets.create",
      "secrets.edit",
      "secrets.reveal",
      "secrets.accesses",
      "members.manage",
      "roles.manage",
      "tokens.manage",
      "tools.edit",
    ] as const) {
      expect(can(grant, denied)).toBe(false);
    }
    expect(grant.isProjectAdmin).toBe(false);
  });

  it("unions the permissions of several roles and ignores unknown ones", () => {
    const grant = grantFromRoles("p", "u", [
      { id: "r1", systemKey: null, permissions: ["secrets.edit", "no.such.permission"] },
      { id: "r2", systemKey: null, permissions: ["tools.edit"] },
    ]);
    expect([...grant.permissions].sort()).toEqual(["project.view", "secrets.edit", "tools.edit"]);
  });

  it("denies everything to a non-member", () => {
    const none = grantFromRoles("p", "u", []);
    for (const permission of ALL_PERMISSIONS) expect(can(none, permission)).toBe(false);
    expect(can(null, "project.view")).toBe(false);
  });

  it("lets only organization administrators manage the organization", () => {
    expect(canManageOrganization({ organizationId: "o", isOrgAdmin: true })).toBe(true);
    expect(canManageOrganization({ organizationId: "o", isOrgAdmin: false })).toBe(false);
    expect(canManageOrganization(null)).toBe(false);
  });
});
