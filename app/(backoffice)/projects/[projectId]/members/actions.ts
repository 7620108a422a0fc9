"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { authorizeProjectAction } from "@/lib/authz/guard";
import { isUuid } from "@/lib/authz/session";
import { invitationUrl } from "@/lib/members/invitation-url";
import { addMember, reinviteMember, removeMember, updateMemberRoles } from "@/lib/members/members";

const GONE = { ok: false, code: "not_found", message: "This person is no longer a member of the project." } as const;

export async function addMemberAction(
  projectId: string,
  input: unknown,
): Promise<ActionResult<{ invitationUrl: string | null; pending: boolean }>> {
  const result = await runAction("addMember", async () => {
    const ctx = await authorizeProjectAction(projectId, "members.manage", "member.add");
    const added = await addMember(ctx, input);
    if (!added.ok) return added;
    return {
      ok: true as const,
      invitationUrl: added.invitationToken ? await invitationUrl(added.invitationToken) : null,
      pending: added.pending,
    };
  });
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}

export async function reinviteMemberAction(projectId: string, memberId: string): Promise<ActionResult<{ invitationUrl: string }>> {
  if (!isUuid(memberId)) return GONE;
  return runAction("reinviteMember", async () => {
    const ctx = await authorizeProjectAction(projectId, "members.manage", "member.reinvite", { type: "member", id: memberId });
    const result = await reinviteMember(ctx, memberId);
    return result.ok ? { ok: true as const, invitationUrl: await invitationUrl(result.invitationToken) } : result;
  });
}

export async function updateMemberRolesAction(projectId: string, memberId: string, input: unknown): Promise<ActionResult> {
  if (!isUuid(memberId)) return GONE;
  const result = await runAction("updateMemberRoles", async () => {
    const ctx = await authorizeProjectAction(projectId, "members.manage", "member.roles_change", { type: "member", id: memberId });
    return updateMemberRoles(ctx, memberId, input);
  });
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}

export async function removeMemberAction(projectId: string, memberId: string): Promise<ActionResult<{ email: string }>> {
  if (!isUuid(memberId)) return GONE;
  const result = await runAction("removeMember", async () => {
    const ctx = await authorizeProjectAction(projectId, "members.manage", "member.remove", { type: "member", id: memberId });
    return removeMember(ctx, memberId);
  });
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}
