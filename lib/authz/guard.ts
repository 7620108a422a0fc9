import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { memberContext, type AuthorizedMember } from "./context";
import { ForbiddenError, SecondFactorRequiredError } from "./errors";
import type { Permission } from "./permissions";
import { isUuid } from "@/lib/ids";
import { authorizeProject, getCurrentUser, userActor } from "./session";

/** Records a refused attempt by the signed-in user. */
export async function recordDenial(projectId: string, auditAction: string, reason: string, target?: { type: string; id?: string }) {
  const user = await getCurrentUser();
  if (!user) return;
  await recordAudit(db, await userActor(user), {
    action: auditAction,
    outcome: "DENIED",
    projectId: isUuid(projectId) ? projectId : null,
    targetType: target?.type,
    targetId: target?.id && isUuid(target.id) ? target.id : undefined,
    reason,
  });
}

/**
 * For server actions on a project: the policy's answer for `permission`,
 * with the command's context (actor with address and agent). A refusal is
 * an audit event.
 */
export async function authorizeProjectAction(
  projectId: string,
  permission: Permission,
  auditAction: string,
  target?: { type: string; id?: string },
): Promise<AuthorizedMember> {
  try {
    const context = await authorizeProject(projectId, permission);
    return memberContext(context, await userActor(context.user));
  } catch (error) {
    if (error instanceof SecondFactorRequiredError) await recordDenial(projectId, auditAction, "second factor not set up", target);
    else if (error instanceof ForbiddenError) await recordDenial(projectId, auditAction, `missing permission ${permission}`, target);
    throw error;
  }
}
