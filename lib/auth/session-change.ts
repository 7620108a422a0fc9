import "server-only";
import { db } from "@/lib/db";

/** Thrown inside a change's transaction when the session it was made from ended meanwhile: rolls it all back. */
export class SessionChanged extends Error {
  constructor() {
    super("the session ended or its epoch moved during the change");
    this.name = "SessionChanged";
  }
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

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
