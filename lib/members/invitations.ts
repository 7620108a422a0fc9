import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/passwords";
import { db, type Tx } from "@/lib/db";
import { acceptInvitationSchema } from "@/lib/members/schema";

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export function hashInvitationToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a one-time invitation; returns the token, which is stored only hashed. */
export async function createInvitation(tx: Tx, input: { userId: string; projectId: string | null; createdById: string | null }) {
  const token = randomBytes(32).toString("base64url");
  await tx.invitation.create({
    data: {
      tokenHash: hashInvitationToken(token),
      userId: input.userId,
      projectId: input.projectId,
      createdById: input.createdById,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
    },
  });
  return token;
}

const INVALID = "This invitation link has expired or was already used. Ask a project administrator for a new one.";

/** The invitation behind a link, when it can still be used. */
export async function findUsableInvitation(token: string) {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      id: true,
      usedAt: true,
      expiresAt: true,
      user: { select: { id: true, email: true, name: true } },
      project: { select: { name: true } },
    },
  });
  if (!invitation || invitation.usedAt || invitation.expiresAt < new Date()) return null;
  return invitation;
}

/** Sets the invited person's name and password and spends the link, once. */
export async function acceptInvitation(
  token: string,
  input: unknown,
  meta: { ip: string; userAgent: string | null },
): Promise<ActionResult<{ email: string }>> {
  const parsed = acceptInvitationSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const invitation = await findUsableInvitation(token);
  if (!invitation) return { ok: false, code: "not_found", message: INVALID };
  const passwordHash = await hashPassword(parsed.data.password);
  return db.$transaction(async (tx) => {
    // Spend the link first and only once, even when two submissions race.
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, usedAt: null }, data: { usedAt: new Date() } });
    if (count === 0) return { ok: false, code: "not_found", message: INVALID };
    await tx.user.update({ where: { id: invitation.user.id }, data: { name: parsed.data.name, passwordHash } });
    await tx.invitation.updateMany({ where: { userId: invitation.user.id, usedAt: null }, data: { usedAt: new Date() } });
    await recordAudit(
      tx,
      { type: "USER", id: invitation.user.id, label: invitation.user.email, ip: meta.ip, userAgent: meta.userAgent },
      { action: "member.invitation_accept", targetType: "user", targetId: invitation.user.id, targetName: invitation.user.email },
    );
    return { ok: true, email: invitation.user.email };
  });
}
