import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Thrown inside a change's transaction when the session it was made from ended meanwhile: rolls it all back. */
export class SessionChanged extends Error {
  constructor() {
    super("the session ended or its epoch moved during the change");
    this.name = "SessionChanged";
  }
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * Inside a change's transaction (inSessionChange): applies `change` to the person only while their session epoch
 * is the one this session carries, raising it — so every session ends on its next request, on every instance —
 * and refuses (SessionChanged: everything rolls back) when the epoch moved or this session was signed out
 * meanwhile, or `change.where` no longer holds; then ends the Sessions page's rows. Returns the new epoch, for
 * this browser's new session (lib/auth/session-cookie.ts).
 */
export async function endAllSessions(
  tx: Tx,
  userId: string,
  session: { sid: string; epoch: number },
  change: { where?: Prisma.UserWhereInput; data?: Prisma.UserUpdateManyMutationInput } = {},
): Promise<{ sessionEpoch: number }> {
  const { count } = await tx.user.updateMany({
    where: { ...change.where, id: userId, sessionEpoch: session.epoch },
    data: { ...change.data, sessionEpoch: { increment: 1 } },
  });
  if (count !== 1 || (await tx.revokedSession.findUnique({ where: { id: session.sid }, select: { id: true } }))) {
    throw new SessionChanged();
  }
  await tx.userSession.updateMany({ where: { userId, endedAt: null }, data: { endedAt: new Date() } });
  return tx.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionEpoch: true } });
}

/**
 * Runs a change to a person's sign-in (password, second factor, passkeys) in one transaction; null when the change
 * found the session ended or its epoch moved (it threw SessionChanged), in which case nothing was written.
 */
export async function inSessionChange<T>(change: (tx: Tx) => Promise<T>): Promise<T | null> {
  try {
    return await db.$transaction(change);
  } catch (error) {
    if (error instanceof SessionChanged) return null;
    throw error;
  }
}
