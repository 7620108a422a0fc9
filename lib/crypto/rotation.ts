import "server-only";
import { SYSTEM_ACTOR, recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db";
import { secretAad } from "@/lib/secrets/values";
import { open, seal } from "./aead";
import { clearDataKeyCache, createProjectDataKey, getDataKey, wrapContext } from "./data-keys";
import { sealKeyCheck } from "./key-check";
import type { MasterKeyProvider } from "./master-key";

/**
 * Key rotation, as commands (`npm run keys:rotate-master`, `npm run
 * keys:rotate-data`). Both work row by row with compare-and-set updates, so
 * an interrupted run leaves every row readable with the keys at hand, and
 * running the command again finishes the job.
 */

type Log = (line: string) => void;

export class KeyRotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyRotationError";
  }
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

/**
 * Gives a project a new data key and re-encrypts every stored version with
 * it, then retires the older keys. A run that finds versions still under an
 * older key (an interrupted run) finishes those instead of adding yet
 * another key. Safe while the app serves: new values take the newest key at
 * once, and each version opens with the key version it records.
 */
export async function rotateProjectDataKey(
  db: Db,
  provider: MasterKeyProvider,
  projectId: string,
  log: Log,
): Promise<{ version: number; reencrypted: number }> {
  const current = await db.projectDataKey.findFirst({
    where: { projectId, retiredAt: null },
    orderBy: { version: "desc" },
    select: { version: true },
  });
  if (!current) throw new KeyRotationError(`Project ${projectId} has no data key.`);
  const behind = await db.secretVersion.count({ where: { secret: { projectId }, dataKeyVersion: { lt: current.version } } });
  let target = current.version;
  if (behind === 0) {
    target = current.version + 1;
    await db.$transaction((tx) => createProjectDataKey(tx, provider, projectId, target));
    log(`Project ${projectId}: created data key v${target}.`);
  } else {
    log(`Project ${projectId}: finishing the rotation to data key v${target} (${behind} version(s) left).`);
  }
  // The cached, unwrapped project keys; one under another master key fails to open and stops the run.
  const keyOf = (version: number) => getDataKey(db, provider, projectId, version);
  const newKey = await keyOf(target);

  let reencrypted = 0;
  const total = await db.secretVersion.count({ where: { secret: { projectId }, dataKeyVersion: { lt: target } } });
  for (;;) {
    const batch = await db.secretVersion.findMany({
      where: { secret: { projectId }, dataKeyVersion: { lt: target } },
      orderBy: { id: "asc" },
      take: 100,
      select: { id: true, secretId: true, version: true, ciphertext: true, iv: true, dataKeyVersion: true },
    });
    if (!batch.length) break;
    for (const row of batch) {
      const aad = secretAad(projectId, row.secretId, row.version);
      // A version that does not open (tampered) stops the run: re-sealing it would hide the damage.
      const plaintext = open(await keyOf(row.dataKeyVersion), { ciphertext: Buffer.from(row.ciphertext), iv: Buffer.from(row.iv) }, aad);
      const sealed = seal(newKey, plaintext, aad);
      const { count } = await db.secretVersion.updateMany({
        where: { id: row.id, dataKeyVersion: row.dataKeyVersion },
        data: { ciphertext: new Uint8Array(sealed.ciphertext), iv: new Uint8Array(sealed.iv), dataKeyVersion: target },
      });
      reencrypted += count;
    }
    log(`  ${reencrypted}/${total} version(s) re-encrypted`);
  }
  await db.$transaction(async (tx) => {
    const { count: retired } = await tx.projectDataKey.updateMany({
      where: { projectId, version: { lt: target }, retiredAt: null },
      data: { retiredAt: new Date() },
    });
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: "key.rotate_data_key",
      projectId,
      targetType: "data_key",
      targetId: `v${target}`,
      details: { version: target, reencrypted, retired },
    });
  });
  log(`Project ${projectId}: every version is under data key v${target}; older keys retired.`);
  return { version: target, reencrypted };
}
