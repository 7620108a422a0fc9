import "server-only";
import { SYSTEM_ACTOR, recordAudit } from "@/lib/audit/record";
import { createProjectDataKey, getDataKey } from "@/lib/crypto/data-keys";
import type { MasterKeyProvider } from "@/lib/crypto/master-key";
import { KeyRotationError, type Log } from "@/lib/crypto/rotation";
import { resealSecretVersion } from "@/lib/crypto/secret-envelope";
import type { Db } from "@/lib/db";

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
      // A version that does not open (tampered) stops the run: re-sealing it would hide the damage.
      const sealed = resealSecretVersion(await keyOf(row.dataKeyVersion), newKey, { projectId, ...row }, row);
      const { count } = await db.secretVersion.updateMany({
        where: { id: row.id, dataKeyVersion: row.dataKeyVersion },
        data: { ...sealed, dataKeyVersion: target },
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
