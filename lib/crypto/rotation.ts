import "server-only";
import { SYSTEM_ACTOR, recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db";
import { clearDataKeyCache, twoFactorWrapContext, wrapContext } from "./data-keys";
import { sealKeyCheck } from "./key-check";
import type { MasterKeyProvider } from "./master-key";

/**
 * Key rotation, as commands (`npm run keys:rotate-master`, `npm run
 * keys:rotate-data`). Both work row by row with compare-and-set updates, so
 * an interrupted run leaves every row readable with the keys at hand, and
 * running the command again finishes the job.
 */

export type Log = (line: string) => void;

export class KeyRotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyRotationError";
  }
}

/**
 * Re-wraps the people's two-factor secrets (lib/auth/two-factor.ts) with `to`, compare-and-set as above; a
 * set-up left unconfirmed is dropped (it is started again in a click).
 */
async function rewrapTwoFactorSecrets(db: Db, from: MasterKeyProvider, to: MasterKeyProvider, log: Log): Promise<number> {
  await db.user.updateMany({ where: { totpPending: { not: null } }, data: { totpPending: null } });
  const users = await db.user.findMany({
    where: { totpSecret: { not: null }, totpKeyId: { not: to.id } },
    select: { id: true, totpSecret: true, totpKeyId: true },
  });
  let rewrapped = 0;
  for (const user of users) {
    if (user.totpKeyId !== from.id) {
      throw new KeyRotationError(
        `The two-factor key of user ${user.id} is wrapped by master key ${user.totpKeyId}, neither the current (${from.id}) nor the new one (${to.id}). Nothing more was changed.`,
      );
    }
    const context = twoFactorWrapContext(user.id);
    const wrapped = await to.wrapKey(await from.unwrapKey(Buffer.from(user.totpSecret!), context), context);
    const { count } = await db.user.updateMany({
      where: { id: user.id, totpKeyId: from.id },
      data: { totpSecret: new Uint8Array(wrapped), totpKeyId: to.id },
    });
    rewrapped += count;
  }
  if (users.length) log(`  ${rewrapped}/${users.length} two-factor key(s) re-wrapped`);
  return rewrapped;
}

/**
 * Re-wraps every project data key with `to`, opening each with whichever of
 * `from` and `to` wrapped it, then records the key check under `to`; the
 * check is written last, so a database whose check names the new key has
 * every data key wrapped by it. Values themselves are not touched.
 */
export async function rotateMasterKey(db: Db, from: MasterKeyProvider, to: MasterKeyProvider, log: Log): Promise<{ rewrapped: number }> {
  if (from.id === to.id) throw new KeyRotationError(`The new master key is the current one (${to.id}); give a different key.`);
  const keys = await db.projectDataKey.findMany({
    where: { masterKeyId: { not: to.id } },
    orderBy: [{ projectId: "asc" }, { version: "asc" }],
    select: { id: true, projectId: true, version: true, wrappedKey: true, masterKeyId: true },
  });
  const unknown = keys.find((k) => k.masterKeyId !== from.id);
  if (unknown) {
    throw new KeyRotationError(
      `Data key ${unknown.version} of project ${unknown.projectId} is wrapped by master key ${unknown.masterKeyId}, neither the current (${from.id}) nor the new one (${to.id}). Nothing more was changed.`,
    );
  }
  log(
    keys.length
      ? `Re-wrapping ${keys.length} project data key(s) from ${from.id} to ${to.id}…`
      : "Every project data key is already wrapped by the new key.",
  );
  let rewrapped = 0;
  for (const key of keys) {
    const context = wrapContext(key.projectId, key.version);
    const dataKey = await from.unwrapKey(Buffer.from(key.wrappedKey), context);
    const wrappedKey = await to.wrapKey(dataKey, context);
    // Compare-and-set: a row another run already moved is left alone.
    const { count } = await db.projectDataKey.updateMany({
      where: { id: key.id, masterKeyId: from.id },
      data: { wrappedKey: new Uint8Array(wrappedKey), masterKeyId: to.id },
    });
    rewrapped += count;
    log(`  ${rewrapped}/${keys.length} re-wrapped (project ${key.projectId}, data key v${key.version})`);
  }
  await rewrapTwoFactorSecrets(db, from, to, log);
  const check = await db.keyCheck.findUnique({ where: { id: 1 } });
  if (check?.masterKeyId !== to.id) {
    await db.$transaction(async (tx) => {
      await tx.keyCheck.upsert({
        where: { id: 1 },
        create: { id: 1, masterKeyId: to.id, sealed: await sealKeyCheck(to) },
        update: { masterKeyId: to.id, sealed: await sealKeyCheck(to) },
      });
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: "key.rotate_master",
        targetType: "master_key",
        targetId: to.id,
        details: { from: from.id, to: to.id, dataKeys: rewrapped },
      });
    });
  }
  clearDataKeyCache();
  log(`The database now uses master key ${to.id}.`);
  return { rewrapped };
}
