"use server";
import { projectAction } from "@/lib/actions";
import { invitationUrl } from "@/lib/members/invitation-url";
import { addMember, reinviteMember, removeMember, updateMemberRoles } from "@/lib/members/members";

const MEMBER = { type: "member", missing: "This person is no longer a member of the project." };

export const addMemberAction = projectAction(
  { name: "addMember", permission: "members.manage", audit: "member.add" },
  async (ctx, input: unknown) => {
    const added = await addMember(ctx, input);
    if (!added.ok) return added;
    return {
      ok: true as const,
      invitationUrl: added.invitationToken ? await invitationUrl(added.invitationToken) : null,
      pending: added.pending,
    };
  },
);

export const reinviteMemberAction = projectAction(
  { name: "reinviteMember", permission: "members.manage", audit: "member.reinvite", id: MEMBER, refresh: false },
  async (ctx, memberId: string) => {
    const result = await reinviteMember(ctx, memberId);
    return result.ok ? { ok: true as const, invitationUrl: await invitationUrl(result.invitationToken) } : result;
  },
);

export const updateMemberRolesAction = projectAction(
  { name: "updateMemberRoles", permission: "members.manage", audit: "member.roles_change", id: MEMBER },
  (ctx, memberId: string, input: unknown) => updateMemberRoles(ctx, memberId, input),
);

export const removeMemberAction = projectAction(
  { name: "removeMember", permission: "members.manage", audit: "member.remove", id: MEMBER },
  (ctx, memberId: string) => removeMember(ctx, memberId),
);
