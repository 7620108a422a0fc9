import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, SYSTEM_ROLES } from "@/lib/authz/permissions";
import { can, canManageOrganization, canPurge, grantFromRoles, secretRightsForUser, type AccessEntry } from "@/lib/authz/policy";

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
    expect([...grant.permissions].sort()).toEqual(["project.view", "secrets.edit", "secrets.reveal", "tools.edit"]);
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

describe("rights on one secret", () => {
  const member = grantFromRoles("p", "u1", [
    { id: "r-member", systemKey: "project_member", permissions: [...SYSTEM_ROLES.project_member.permissions] },
  ]);
  const admin = grantFromRoles("p", "u0", [{ id: "r-admin", systemKey: "project_admin", permissions: [] }]);
  const editor = grantFromRoles("p", "u2", [{ id: "r-editors", systemKey: null, permissions: ["secrets.edit"] }]);
  const entry = (e: Partial<AccessEntry>): AccessEntry => ({
    principalType: "USER",
    userId: null,
    roleId: null,
    tokenId: null,
    level: "READ",
    ...e,
  });
  const allTools = entry({ principalType: "ALL_TOOLS" });

  it("gives an administrator everything, entries or not", () => {
    expect(secretRightsForUser(admin, [])).toEqual({ read: true, write: true, rename: true, delete: true, manageAccesses: true });
  });

  it("gives a plain member nothing without an entry (All project tools is for tokens, not people)", () => {
    expect(secretRightsForUser(member, [allTools])).toEqual({
      read: false,
      write: false,
      rename: false,
      delete: false,
      manageAccesses: false,
    });
  });

  it("lets a member with read reveal, and with write also change — never delete or manage accesses", () => {
    expect(secretRightsForUser(member, [entry({ userId: "u1" })])).toEqual({
      read: true,
      write: false,
      rename: false,
      delete: false,
      manageAccesses: false,
    });
    expect(secretRightsForUser(member, [entry({ userId: "u1", level: "WRITE" })])).toEqual({
      read: true,
      write: true,
      rename: false,
      delete: false,
      manageAccesses: false,
    });
  });

  it("honours entries for any of the member's roles, taking the highest level", () => {
    const rights = secretRightsForUser(member, [
      entry({ principalType: "ROLE", roleId: "r-member" }),
      entry({ userId: "u1", level: "WRITE" }),
    ]);
    expect(rights.write).toBe(true);
    expect(secretRightsForUser(member, [entry({ principalType: "ROLE", roleId: "r-other", level: "WRITE" })]).read).toBe(false);
  });

  it("ignores entries for someone else", () => {
    expect(secretRightsForUser(member, [entry({ userId: "u9", level: "WRITE" })]).read).toBe(false);
  });

  it("lets a custom role with the edit permission change and rename any secret, not delete it", () => {
    expect(secretRightsForUser(editor, [])).toEqual({ read: true, write: true, rename: true, delete: false, manageAccesses: false });
  });

  it("lets only who may both delete and rename purge from the Trash: a creator alone could replace a value tools resolve", () => {
    const creator = grantFromRoles("p", "u3", [{ id: "r-creators", systemKey: null, permissions: ["secrets.create"] }]);
    const both = grantFromRoles("p", "u4", [{ id: "r-both", systemKey: null, permissions: ["secrets.create", "secrets.edit"] }]);
    expect(secretRightsForUser(creator, []).delete).toBe(true);
    expect(canPurge(secretRightsForUser(creator, []))).toBe(false);
    expect(canPurge(secretRightsForUser(editor, []))).toBe(false);
    expect(canPurge(secretRightsForUser(both, []))).toBe(true);
    expect(canPurge(secretRightsForUser(admin, []))).toBe(true);
    // A Write entry gives neither delete nor rename.
    expect(canPurge(secretRightsForUser(member, [entry({ userId: "u1", level: "WRITE" })]))).toBe(false);
  });

  it("gives a non-member nothing", () => {
    expect(secretRightsForUser(null, [entry({ userId: "u1", level: "WRITE" })]).read).toBe(false);
  });
});
