import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError } from "@/lib/authz/errors";
import type { Permission } from "@/lib/authz/permissions";
import { authorizeProject, getCurrentUser, isUuid, userActor } from "@/lib/authz/session";
import { db } from "@/lib/db";

/**
 * Authorizes a secret action for the signed-in user and returns the
 * command's context. A refusal to a project member is itself an audit event.
 */
export async function authorizeSecretAction(projectId: string, permission: Permission, auditAction: string, secretId?: string) {
  try {
    const { user, project } = await authorizeProject(projectId, permission);
    return { user, projectId: project.id, actor: await userActor(user) };
  } catch (error) {
    if (error instanceof ForbiddenError) {
      const user = await getCurrentUser();
      if (user) {
        await recordAudit(db, await userActor(user), {
          action: auditAction,
          outcome: "DENIED",
          projectId,
          targetType: "secret",
          targetId: secretId && isUuid(secretId) ? secretId : undefined,
          reason: `missing permission ${permission}`,
        });
      }
    }
    throw error;
  }
}
