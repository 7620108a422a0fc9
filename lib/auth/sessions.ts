import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { authConfig } from "@/lib/auth/config";
import { db } from "@/lib/db";

/**
 * Revokes one session: its JWT is refused from now on (a JWT cannot be
 * recalled otherwise). Expired revocations are pruned on the way.
 */
export async function revokeSession(userId: string, sid: string) {
  const expiresAt = new Date(Date.now() + authConfig.session.maxAge * 1000);
  await db.$transaction(async (tx) => {
    await tx.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await tx.revokedSession.upsert({ where: { id: sid }, create: { id: sid, userId, expiresAt }, update: {} });
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    await recordAudit(
      tx,
      { type: "USER", id: userId, label: user?.email ?? userId },
      { action: "auth.sign_out", targetType: "user", targetId: userId },
    );
  });
}
