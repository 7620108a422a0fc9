import "server-only";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { grantFromRoles, type ProjectGrant } from "./policy";

/**
 * A user's grant on a project, from their roles as the database holds them now; null when they are not a
 * member. For a signed-in request use getProjectGrant (lib/authz/session.ts), which keeps it for the request;
 * this one needs no request, as the REST API's resolution checks who saved a tool's settings.
 */
export async function loadProjectGrant(userId: string, projectId: string): Promise<ProjectGrant | null> {
  if (!isUuid(projectId) || !isUuid(userId)) return null;
  const member = await db.projectMember.findUnique({
    where: { projectId_userId: { projectId, userId } },
    select: { roles: { select: { role: { select: { id: true, systemKey: true, permissions: true } } } } },
  });
  if (!member) return null;
  return grantFromRoles(
    projectId,
    userId,
    member.roles.map((r) => r.role),
  );
}
