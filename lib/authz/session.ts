import "server-only";
import { isUuid } from "@/lib/ids";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/audit/record";
import { auth } from "@/lib/auth";
import { withinLifetime } from "@/lib/auth/config";
import { sessionIssuedInThisRequest, type SessionClaims } from "@/lib/auth/session-cookie";
import { ofCurrentEpoch, touchSession } from "@/lib/auth/sessions";
import { mustSetUpSecondFactor as needsSetUp } from "@/lib/auth/two-factor";
import { db } from "@/lib/db";
import { clientAddressFrom } from "@/lib/http/client-address";
import { ForbiddenError, NotFoundError, SecondFactorRequiredError, UnauthenticatedError } from "./errors";
import { loadProjectGrant } from "./grants";
import type { Permission } from "./permissions";
import { can, canManageOrganization, type OrgGrant, type ProjectGrant } from "./policy";

/**
 * The signed-in person. `mustSetUpSecondFactor`: their organization requires a second factor of administrators,
 * they are one and have none — every page but the set-up sends them there, every project and organization action
 * is refused (requireUser, authorizeProject, authorizeOrgAdmin).
 */
export type CurrentUser = { id: string; email: string; name: string; mustSetUpSecondFactor: boolean };

/** Where such a person is sent. */
export const SECOND_FACTOR_SETUP_PATH = "/account/two-factor";

/**
 * The signed-in user, read from the database: a deleted user, or a session
 * that was signed out, has no user.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await currentSession();
  const { sub: id, sid, authTime, epoch } = session ?? {};
  if (!id || !isUuid(id) || !sid || !withinLifetime({ sid, authTime })) return null;
  const [found, revoked] = await Promise.all([
    db.user.findUnique({
      where: { id },
      select: {
        id: true,
        email: true,
        name: true,
        sessionEpoch: true,
        totpEnabledAt: true,
        // Whether an organization of theirs requires a second factor of administrators: without one, nothing more to read.
        orgMemberships: { where: { organization: { requireAdminTwoFactor: true } }, select: { id: true }, take: 1 },
      },
    }),
    db.revokedSession.findUnique({ where: { id: sid }, select: { id: true } }),
  ]);
  if (!found || revoked || !ofCurrentEpoch(found, epoch)) return null;
  // The Sessions page's record of this session: its device, address and last request.
  const requestHeaders = await headers();
  await touchSession({
    sid,
    userId: found.id,
    authTime: authTime as number,
    epoch: found.sessionEpoch,
    ip: clientAddressFrom(requestHeaders),
    userAgent: requestHeaders.get("user-agent"),
  });
  const mustSetUpSecondFactor = !found.totpEnabledAt && found.orgMemberships.length > 0 && (await needsSetUp(found.id));
  return { id: found.id, email: found.email, name: found.name, mustSetUpSecondFactor };
});

/**
 * The session's claims: from Auth.js, or — in the page Next re-renders after an action renewed the session (a
 * password or second-factor change) — the session that action issued.
 */
const currentSession = cache(async (): Promise<SessionClaims | null> => {
  const session = (await auth()) as { user?: { id?: string }; sid?: string; authTime?: number; epoch?: number } | null;
  if (session?.user?.id && session.sid && typeof session.authTime === "number") {
    return { sub: session.user.id, sid: session.sid, authTime: session.authTime, epoch: session.epoch ?? 0 };
  }
  return sessionIssuedInThisRequest();
});

/** The current session's id, sign-in time and epoch, for sign-out and password changes. */
export async function getSessionId(): Promise<{ sid: string; authTime: number; epoch: number } | null> {
  const session = await currentSession();
  return session ? { sid: session.sid, authTime: session.authTime, epoch: session.epoch } : null;
}

/**
 * For pages: the user, or a redirect to the sign-in page — or to the second factor's set-up, for an administrator
 * whose organization requires one (`setUp: true` only on that page itself, and the shell around it).
 */
export async function requireUser(options: { setUp?: boolean } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustSetUpSecondFactor && !options.setUp) redirect(SECOND_FACTOR_SETUP_PATH);
  return user;
}

/** The user's grant on a project, from their roles; null when not a member. */
export const getProjectGrant = cache((userId: string, projectId: string): Promise<ProjectGrant | null> =>
  loadProjectGrant(userId, projectId),
);

/** The user's organization grant (one organization per installation for now). */
export const getOrgGrant = cache(async (userId: string): Promise<OrgGrant | null> => {
  const membership = await db.organizationMember.findFirst({ where: { userId }, select: { organizationId: true, role: true } });
  return membership ? { organizationId: membership.organizationId, isOrgAdmin: membership.role === "ADMIN" } : null;
});

export type ProjectContext = { user: CurrentUser; grant: ProjectGrant; project: { id: string; name: string; organizationId: string } };

async function loadProjectContext(projectId: string): Promise<ProjectContext | "signed-out" | "not-member" | "second-factor"> {
  const user = await getCurrentUser();
  if (!user) return "signed-out";
  if (user.mustSetUpSecondFactor) return "second-factor";
  const grant = await getProjectGrant(user.id, projectId);
  if (!grant) return "not-member";
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, name: true, organizationId: true } });
  if (!project) return "not-member";
  return { user, grant, project };
}

/**
 * For pages: the project context, a 404 for anyone who is not a member (so
 * another project's existence is not revealed), and a 404 as well when the
 * member lacks `permission`.
 */
export async function requireProjectPage(projectId: string, permission: Permission = "project.view"): Promise<ProjectContext> {
  const context = await loadProjectContext(projectId);
  if (context === "signed-out") redirect("/login");
  if (context === "second-factor") redirect(SECOND_FACTOR_SETUP_PATH);
  // A non-member learns nothing (404); a member is told which permission the page needs (403).
  if (context === "not-member") notFound();
  if (!can(context.grant, permission)) forbidden();
  return context;
}

/** For server actions and route handlers: throws instead of redirecting. */
export async function authorizeProject(projectId: string, permission: Permission): Promise<ProjectContext> {
  const context = await loadProjectContext(projectId);
  if (context === "signed-out") throw new UnauthenticatedError();
  if (context === "second-factor") throw new SecondFactorRequiredError();
  if (context === "not-member") throw new NotFoundError("This project does not exist or you are not a member of it.");
  if (!can(context.grant, permission)) throw new ForbiddenError();
  return context;
}

/** For organization pages and actions. */
export async function authorizeOrgAdmin(): Promise<{ user: CurrentUser; org: OrgGrant }> {
  const user = await getCurrentUser();
  if (!user) throw new UnauthenticatedError();
  if (user.mustSetUpSecondFactor) throw new SecondFactorRequiredError();
  const org = await getOrgGrant(user.id);
  if (!org || !canManageOrganization(org)) throw new ForbiddenError("Only organization administrators can do this.");
  return { user, org };
}

/** The acting user as an audit actor, with the request's address and agent. */
export async function userActor(user: CurrentUser): Promise<Actor> {
  const h = await headers();
  return {
    type: "USER",
    id: user.id,
    label: user.email,
    ip: clientAddressFrom(h),
    userAgent: h.get("user-agent"),
  };
}
