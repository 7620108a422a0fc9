import "server-only";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Fills in what a fresh machine lacks: the data folder, AUTH_SECRET and the
 * master key, generated once into the data folder with owner-only
 * permissions. Values already configured in `env` are left alone.
 */
export async function prepareLocalConfig(env: NodeJS.ProcessEnv, log: (line: string) => void) {
  const dataDir = path.resolve(env.DATA_DIR || ".data");
  await mkdir(dataDir, { recursive: true, mode: 0o711 });

  if (!env.AUTH_SECRET) {
    const file = path.join(dataDir, "auth-secret");
    const created = await readOrCreate(file, () => randomBytes(32).toString("base64url"));
    if (created) log(`Generated AUTH_SECRET into ${file} (owner-only). Set AUTH_SECRET to use your own.`);
    env.AUTH_SECRET = (await readFile(file, "utf8")).trim();
  }

  if (!env.MASTER_KEY && !env.MASTER_KEY_FILE) {
    const file = path.join(dataDir, "master.key");
    const created = await readOrCreate(file, () => randomBytes(32).toString("base64"));
    if (created) {
      log(
        `Generated a new encryption master key into ${file} (owner-only). BACK IT UP: without it the stored secrets cannot be decrypted. ` +
          "Set MASTER_KEY or MASTER_KEY_FILE to supply your own.",
      );
    }
    env.MASTER_KEY_FILE = file;
  }
  return { dataDir };
}

/** Creates `file` with `make()` unless it exists; true when it was created. */
async function readOrCreate(file: string, make: () => string): Promise<boolean> {
  try {
    await writeFile(file, make() + "\n", { mode: 0o600, flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    await chmod(file, 0o600);
    return false;
  }
}
