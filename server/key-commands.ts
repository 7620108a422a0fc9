import "server-only";
import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { opensKeyCheck, verifyMasterKey } from "@/lib/crypto/key-check";
import { getMasterKeyProvider, LocalMasterKeyProvider, parseMasterKey, type MasterKeyProvider } from "@/lib/crypto/master-key";
import { KeyRotationError, rotateMasterKey } from "@/lib/crypto/rotation";
import { rotateProjectDataKey } from "@/lib/secrets/data-key-rotation";
import type { Db } from "@/lib/db";

/**
 * The launcher's key commands, run on a migrated database with the app's
 * instances stopped (data-key rotation may also run while they serve).
 */

type Log = (line: string) => void;

/**
 * `npm run keys:rotate-master`: re-wraps every project data key with a new
 * master key. The new key comes from NEW_MASTER_KEY / NEW_MASTER_KEY_FILE; with
 * the generated key of the data folder, a new one is generated beside it
 * (master.key.next, kept until the run ends so an interrupted run resumes with
 * it), then master.key is replaced and the old key kept as
 * master.key.retired-<id> for restoring older backups.
 */
export async function rotateMasterKeyCommand(
  db: Db,
  options: { env: NodeJS.ProcessEnv; dataDir: string; usesDataFolderKey: boolean; log: Log },
): Promise<void> {
  const { env, dataDir, usesDataFolderKey, log } = options;
  const current = getMasterKeyProvider(env);
  let next: MasterKeyProvider;
  const nextFile = path.join(dataDir, "master.key.next");
  if (env.NEW_MASTER_KEY) {
    next = new LocalMasterKeyProvider(parseMasterKey(env.NEW_MASTER_KEY, "NEW_MASTER_KEY"));
  } else if (env.NEW_MASTER_KEY_FILE) {
    next = new LocalMasterKeyProvider(
      parseMasterKey(await readFile(env.NEW_MASTER_KEY_FILE, "utf8"), `The file ${env.NEW_MASTER_KEY_FILE}`),
    );
  } else if (usesDataFolderKey) {
    try {
      await writeFile(nextFile, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
      log(`Generated the new master key into ${nextFile}.`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      log(`Resuming with the new master key of ${nextFile} (an earlier run did not finish).`);
    }
    next = new LocalMasterKeyProvider(parseMasterKey(await readFile(nextFile, "utf8"), `The file ${nextFile}`));
  } else {
    throw new KeyRotationError(
      "Give the new master key in NEW_MASTER_KEY or NEW_MASTER_KEY_FILE (for example `openssl rand -base64 32`); MASTER_KEY stays the current one.",
    );
  }

  // The database must be this installation's: its key check opens with the current key, or with the new one (a run that ended after the database part).
  if (!(await opensKeyCheck(db, current)) && !(await opensKeyCheck(db, next))) {
    throw new KeyRotationError(
      `Neither the current master key (${current.id}) nor the new one (${next.id}) opens this database's key check. Nothing was changed.`,
    );
  }
  await rotateMasterKey(db, current, next, log);
  await verifyMasterKey(db, next);

  if (usesDataFolderKey && !env.NEW_MASTER_KEY && !env.NEW_MASTER_KEY_FILE) {
    const keyFile = env.MASTER_KEY_FILE!;
    const retired = path.join(dataDir, `master.key.retired-${current.id.replace(/[^a-z0-9]/gi, "-")}`);
    // Copy, then one atomic rename: at every moment master.key holds a key that opens what it should.
    await writeFile(retired, await readFile(keyFile), { mode: 0o600 });
    await rename(nextFile, keyFile);
    log(
      `${keyFile} now holds the new key; the old one is in ${retired} (owner-only) for restoring older backups — delete it when they expire.`,
    );
  } else {
    log(
      `Now configure the new key (${next.id}) as MASTER_KEY or MASTER_KEY_FILE and start the app; the old key no longer opens this database.`,
    );
  }
}

/** `npm run keys:rotate-data [project id or name…]`: a new data key for each project (all by default), values re-encrypted. */
export async function rotateDataKeysCommand(db: Db, options: { projects: string[]; log: Log }): Promise<void> {
  const provider = getMasterKeyProvider();
  await verifyMasterKey(db, provider);
  const all = await db.project.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
  const chosen = options.projects.length
    ? options.projects.map((wanted) => {
        const found = all.find((p) => p.id === wanted || p.name.toLowerCase() === wanted.toLowerCase());
        if (!found) throw new KeyRotationError(`No project "${wanted}". Projects: ${all.map((p) => p.name).join(", ")}.`);
        return found;
      })
    : all;
  for (const project of chosen) {
    options.log(`Rotating the data key of "${project.name}"…`);
    await rotateProjectDataKey(db, provider, project.id, options.log);
  }
}
