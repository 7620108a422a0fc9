import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record";
import { DEFAULT_ACCESSES } from "@/lib/secrets/schema";
import { asAuthorized, createSeededAppDatabase } from "./helpers/database";

/**
 * The secret commands against a real PostgreSQL, with real envelope
 * encryption: versions, AAD binding, tamper detection, conflicts, status
 * rules, the Trash, and the audit trail (which never holds a value).
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let commands: typeof import("@/lib/secrets/commands");
let queries: typeof import("@/lib/secrets/queries");
let projectId: string;
let actor: Actor;
const ctx = () => asAuthorized({ projectId, actor });

beforeAll(async () => {
  database = await createSeededAppDatabase("secrets");
  ({ projectId, actor } = database);
  commands = await import("@/lib/secrets/commands");
  queries = await import("@/lib/secrets/queries");
});

afterAll(() => database.drop());

async function create(name: string, value: string, status = "ACTIVE") {
  const result = await commands.createSecret(ctx(), { name, value, status, description: "" });
  if (!result.ok) throw new Error(result.message);
  return result.secretId;
}

describe("creating and changing a secret", () => {
  it("stores version 1 encrypted, with the default accesses and an audit event without the value", async () => {
    const id = await create("MyAPIkey", "1235 54789");
    const secret = await database.prisma.secret.findUniqueOrThrow({ where: { id }, include: { versions: true, accesses: true } });
    expect(secret).toMatchObject({ name: "MyAPIkey", nameKey: "myapikey", status: "ACTIVE", version: 1, revision: 1 });
    expect(secret.versions).toHaveLength(1);
    expect(Buffer.from(secret.versions[0].ciphertext).includes(Buffer.from("1235 54789"))).toBe(false);
    expect(secret.versions[0].iv).toHaveLength(12);
    expect(secret.accesses.map((a) => [a.principalType, a.level])).toEqual([["ALL_TOOLS", "READ"]]);

    const events = await database.prisma.auditEvent.findMany({ where: { targetId: id } });
    expect(events.map((e) => e.action)).toEqual(["secret.create"]);
    expect(JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain("1235 54789");

    const revealed = await commands.revealSecret(ctx(), id, "reveal");
    expect(revealed).toEqual({ ok: true, value: "1235 54789" });
  });

  it("makes a new version for each new value and keeps every version's ciphertext", async () => {
    const id = await create("Rotating", "first");
    const second = await commands.updateSecret(ctx(), id, {
      name: "Rotating",
      value: "second",
      status: "ACTIVE",
      description: "",
      revision: 1,
    });
    expect(second).toMatchObject({ ok: true, version: 2, revision: 2 });
    const third = await commands.updateSecret(ctx(), id, {
      name: "Rotating",
      value: "",
      status: "INACTIVE",
      description: "paused",
      revision: 2,
    });
    expect(third).toMatchObject({ ok: true, version: 2, revision: 3 });
    expect(await database.prisma.secretVersion.count({ where: { secretId: id } })).toBe(2);
    expect(await commands.revealSecret(ctx(), id, "copy")).toEqual({ ok: true, value: "second" });

    const actions = (await database.prisma.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["secret.create", "secret.update", "secret.update", "secret.status_change", "secret.copy"]);
  });

  it("refuses a save based on a stale revision and changes nothing", async () => {
    const id = await create("Contended", "v1");
    await commands.updateSecret(ctx(), id, { name: "Contended", value: "", status: "ACTIVE", description: "first", revision: 1 });
    const stale = await commands.updateSecret(ctx(), id, {
      name: "Contended",
      value: "v2",
      status: "ACTIVE",
      description: "second",
      revision: 1,
    });
    expect(stale).toMatchObject({ ok: false, code: "stale" });
    expect(stale.ok ? "" : stale.message).toMatch(/admin@example.com|Administrator/);
    const row = await database.prisma.secret.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ description: "first", version: 1, revision: 2 });
  });

  it("keeps names unique per project ignoring case", async () => {
    await create("Case Test", "x");
    const result = await commands.createSecret(ctx(), { name: "case test", value: "y", status: "ACTIVE", description: "" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { name: [expect.stringContaining("already exists")] } });
  });

  it("serves nothing from a revoked secret and needs a new value to bring it back", async () => {
    const id = await create("Revocable", "old");
    await commands.updateSecret(ctx(), id, { name: "Revocable", value: "", status: "REVOKED", description: "", revision: 1 });
    expect(await commands.revealSecret(ctx(), id, "reveal")).toMatchObject({
      ok: false,
      message: "Nothing to reveal: the secret is revoked.",
    });
    const back = await commands.updateSecret(ctx(), id, { name: "Revocable", value: "", status: "ACTIVE", description: "", revision: 2 });
    expect(back).toMatchObject({ ok: false, fieldErrors: { value: ["This secret is revoked: enter a new value to use it again."] } });
    expect(
      await commands.updateSecret(ctx(), id, { name: "Revocable", value: "new", status: "ACTIVE", description: "", revision: 2 }),
    ).toMatchObject({
      ok: true,
      version: 2,
    });
    expect(await commands.revealSecret(ctx(), id, "reveal")).toEqual({ ok: true, value: "new" });
    const denied = await database.prisma.auditEvent.findFirst({ where: { targetId: id, outcome: "DENIED" } });
    expect(denied).toMatchObject({ action: "secret.reveal", reason: "the secret is revoked" });
  });
});

describe("importing a .env file", () => {
  it("creates a secret per KEY=value, leaves existing names alone, and reports skipped lines without values", async () => {
    await create("IMPORT_EXISTING", "old-value");
    const result = await commands.importSecrets(database.adminCtx(projectId), {
      text: ["# comment", "IMPORT_ONE=first-imported", "IMPORT_EXISTING=new-value", "not a line", 'IMPORT_TWO="second imported"'].join(
        "\n",
      ),
    });
    expect(result).toEqual({
      ok: true,
      created: ["IMPORT_ONE", "IMPORT_TWO"],
      updated: [],
      skipped: [
        { line: 3, name: "IMPORT_EXISTING", message: "IMPORT_EXISTING already exists; it was left as it is." },
        { line: 4, message: "Not a KEY=value line." },
      ],
      skippedCount: 2,
    });
    expect(JSON.stringify(result)).not.toMatch(/first-imported|second imported|new-value/);
    const two = await database.prisma.secret.findFirstOrThrow({ where: { projectId, name: "IMPORT_TWO" } });
    expect(await commands.revealSecret(ctx(), two.id, "reveal")).toEqual({ ok: true, value: "second imported" });
    // Each imported secret is whole, as one created in the editor: version 1, the default Accesses, its own event.
    const one = await database.prisma.secret.findFirstOrThrow({ where: { projectId, name: "IMPORT_ONE" }, include: { accesses: true } });
    expect(one).toMatchObject({ version: 1, status: "ACTIVE", description: "Imported from a .env file" });
    expect(one.accesses.map((a) => [a.principalKey, a.level]).sort()).toEqual(
      DEFAULT_ACCESSES.map((a) => [a.principalKey, a.level]).sort(),
    );
    const events = await database.prisma.auditEvent.findMany({ where: { targetId: one.id }, select: { action: true, details: true } });
    expect(events).toEqual([{ action: "secret.create", details: { version: 1, status: "ACTIVE", imported: true } }]);
    const existing = await database.prisma.secret.findFirstOrThrow({ where: { projectId, name: "IMPORT_EXISTING" } });
    expect(existing.version).toBe(1);
    expect(await commands.revealSecret(ctx(), existing.id, "reveal")).toEqual({ ok: true, value: "old-value" });
  });

  it("refuses an empty paste, a paste without entries, and more than 500 entries, creating nothing", async () => {
    const before = await database.prisma.secret.count({ where: { projectId } });
    expect(await commands.importSecrets(database.adminCtx(projectId), { text: "  " })).toMatchObject({
      ok: false,
      fieldErrors: { text: ["Paste the contents of a .env file."] },
    });
    expect(await commands.importSecrets(database.adminCtx(projectId), { text: "# only a comment\nnope" })).toMatchObject({
      ok: false,
      fieldErrors: { text: ["Line 2: Not a KEY=value line."] },
    });
    const many = Array.from({ length: 501 }, (_, i) => `BULK_${i}=v`).join("\n");
    expect(await commands.importSecrets(database.adminCtx(projectId), { text: many })).toMatchObject({
      ok: false,
      fieldErrors: { text: [expect.stringContaining("at most 500")] },
    });
    expect(await database.prisma.secret.count({ where: { projectId } })).toBe(before);
  });

  it("overwrites existing names with a new version when asked, only where the person may write, never in the Trash", async () => {
    const mine = await create("OVERWRITE_MINE", "old-1");
    const theirs = await create("OVERWRITE_THEIRS", "old-2");
    const role = await database.prisma.role.findFirstOrThrow({ where: { projectId, systemKey: "project_member" } });
    await database.prisma.secretAccess.create({
      data: { secretId: mine, principalType: "ROLE", principalKey: `role:${role.id}`, roleId: role.id, level: "WRITE" },
    });
    const trashed = await create("OVERWRITE_TRASHED", "old-3");
    await commands.deleteSecret(ctx(), trashed);
    const { grantFromRoles } = await import("@/lib/authz/policy");
    // A member with secrets.create, and write access on one of the two only.
    const member = asAuthorized({
      projectId,
      actor,
      grant: grantFromRoles(projectId, "00000000-0000-4000-8000-00000000beef", [
        { id: role.id, systemKey: null, permissions: ["secrets.list", "secrets.create"] },
      ]),
    });
    const text = "OVERWRITE_MINE=new-1\nOVERWRITE_THEIRS=new-2\nOVERWRITE_TRASHED=new-3\n";
    expect(await commands.findExistingNames(member, ["OVERWRITE_MINE", "overwrite_theirs", "OVERWRITE_TRASHED", "NOPE"])).toEqual(
      expect.arrayContaining([
        { name: "OVERWRITE_MINE", inTrash: false, writable: true },
        { name: "OVERWRITE_THEIRS", inTrash: false, writable: false },
        { name: "OVERWRITE_TRASHED", inTrash: true, writable: false },
      ]),
    );
    const result = await commands.importSecrets(member, { text, existing: "overwrite" });
    expect(result).toMatchObject({
      ok: true,
      created: [],
      updated: ["OVERWRITE_MINE"],
      skipped: [
        { line: 2, message: "OVERWRITE_THEIRS already exists and you have no write access to it; it was left as it is." },
        { line: 3, message: "OVERWRITE_TRASHED is in the Trash; it was left as it is." },
      ],
    });
    expect(await commands.revealSecret(ctx(), mine, "reveal")).toEqual({ ok: true, value: "new-1" });
    expect((await database.prisma.secret.findUniqueOrThrow({ where: { id: mine } })).version).toBe(2);
    expect(await commands.revealSecret(ctx(), theirs, "reveal")).toEqual({ ok: true, value: "old-2" });
    const summary = await database.prisma.auditEvent.findFirstOrThrow({
      where: { projectId, action: "secret.import" },
      orderBy: { id: "desc" },
    });
    expect(summary.details).toMatchObject({ created: 0, updated: 1, skipped: 2 });
  });

  it("reports a bounded answer however many lines are bad: the first skipped lines, their count, long names cut", async () => {
    const longName = `L${"X".repeat(5000)}`;
    const bad = Array.from({ length: 3000 }, (_, i) => `bad line ${i}`);
    const text = [`${longName}=some-value`, `${longName}=again`, ...bad, "BOUNDED_ONE=bounded-value"].join("\n");
    const result = await commands.importSecrets(database.adminCtx(projectId), { text });
    if (!result.ok) throw new Error(result.message);
    expect(result.created).toEqual(["BOUNDED_ONE"]);
    expect(result.skippedCount).toBe(3002);
    expect(result.skipped).toHaveLength(commands.MAX_REPORTED_SKIPS);
    expect(result.skipped[0]).toMatchObject({ line: 1, name: `${longName.slice(0, 100)}…` });
    expect(result.skipped[1].message).not.toContain(longName);
    expect(JSON.stringify(result).length).toBeLessThan(30_000);
  });
});

describe("expiry", () => {
  it("records a last day of use, refuses a past one, and leaves an unchanged past one alone", async () => {
    expect(await commands.createSecret(ctx(), { name: "Expiry past", value: "v", expiresOn: "2001-01-01" })).toMatchObject({
      ok: false,
      fieldErrors: { expiresOn: ["Choose today or a later day."] },
    });
    expect(await database.prisma.secret.count({ where: { name: "Expiry past" } })).toBe(0);

    const created = await commands.createSecret(ctx(), { name: "Expiry key", value: "v", expiresOn: "2999-06-30" });
    if (!created.ok) throw new Error(created.message);
    const id = created.secretId;
    expect((await database.prisma.secret.findUniqueOrThrow({ where: { id } })).expiresAt?.toISOString()).toBe("2999-06-30T23:59:59.999Z");

    // Its day passes; saving another change keeps the (now past) day without complaint.
    await database.prisma.secret.update({ where: { id }, data: { expiresAt: new Date("2020-05-31T23:59:59.999Z") } });
    const kept = await commands.updateSecret(ctx(), id, {
      name: "Expiry key",
      value: "",
      status: "ACTIVE",
      description: "still expired",
      expiresOn: "2020-05-31",
      revision: 1,
    });
    expect(kept).toMatchObject({ ok: true, revision: 2 });
    const cleared = await commands.updateSecret(ctx(), id, {
      name: "Expiry key",
      value: "",
      status: "ACTIVE",
      description: "still expired",
      expiresOn: "",
      revision: 2,
    });
    expect(cleared).toMatchObject({ ok: true, revision: 3 });
    expect((await database.prisma.secret.findUniqueOrThrow({ where: { id } })).expiresAt).toBeNull();
    const events = await database.prisma.auditEvent.findMany({ where: { targetId: id, action: "secret.update" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.details)).toEqual([
      { changes: ["description"], version: 1 },
      { changes: ["expiry"], version: 1, expiresOn: null },
    ]);
  });
});

describe("rolling back to an earlier version", () => {
  const save = (id: string, value: string, revision: number, status = "ACTIVE") =>
    commands.updateSecret(ctx(), id, { name: "Rollback me", value, status, description: "", revision });

  it("stores the earlier value as a new version, keeps the history, and records no value", async () => {
    const id = await create("Rollback me", "first value");
    expect(await save(id, "second value", 1)).toMatchObject({ ok: true, version: 2, revision: 2 });

    expect(await commands.rollbackSecret(ctx(), id, { toVersion: 1, revision: 2 })).toEqual({ ok: true, version: 3, revision: 3 });
    expect(await commands.revealSecret(ctx(), id, "reveal")).toEqual({ ok: true, value: "first value" });
    const versions = await database.prisma.secretVersion.findMany({ where: { secretId: id }, orderBy: { version: "asc" } });
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    // Sealed afresh for version 3: its own nonce and AAD, not a copy of version 1's ciphertext.
    expect(Buffer.from(versions[2].ciphertext).equals(Buffer.from(versions[0].ciphertext))).toBe(false);
    const listed = await queries.listSecretVersions(projectId, id);
    expect(listed.map((v) => [v.version, v.createdBy])).toEqual([
      [3, "Administrator"],
      [2, "Administrator"],
      [1, "Administrator"],
    ]);

    const events = await database.prisma.auditEvent.findMany({ where: { targetId: id, action: "secret.rollback" } });
    expect(events).toHaveLength(1);
    expect(events[0].details).toEqual({ from: 2, to: 1, version: 3 });
    expect(JSON.stringify(events[0].details)).not.toContain("first value");
  });

  it("refuses a stale revision, a version that is not earlier, and a revoked secret, changing nothing", async () => {
    const id = await create("Rollback refused", "v1");
    await commands.updateSecret(ctx(), id, { name: "Rollback refused", value: "v2", status: "ACTIVE", description: "", revision: 1 });
    expect(await commands.rollbackSecret(ctx(), id, { toVersion: 1, revision: 1 })).toMatchObject({ ok: false, code: "stale" });
    expect(await commands.rollbackSecret(ctx(), id, { toVersion: 2, revision: 2 })).toMatchObject({
      ok: false,
      fieldErrors: { toVersion: [expect.stringContaining("before the current one (2)")] },
    });
    expect(await commands.rollbackSecret(ctx(), id, { toVersion: 0, revision: 2 })).toMatchObject({ ok: false });
    await commands.updateSecret(ctx(), id, { name: "Rollback refused", value: "", status: "REVOKED", description: "", revision: 2 });
    expect(await commands.rollbackSecret(ctx(), id, { toVersion: 1, revision: 3 })).toMatchObject({
      ok: false,
      message: expect.stringContaining("is revoked"),
    });
    expect(await database.prisma.secret.findUniqueOrThrow({ where: { id } })).toMatchObject({ version: 2, revision: 3, status: "REVOKED" });
    expect(await database.prisma.secretVersion.count({ where: { secretId: id } })).toBe(2);
  });

  it("does not bring back a version that no longer decrypts", async () => {
    const id = await create("Rollback tampered", "v1");
    await commands.updateSecret(ctx(), id, { name: "Rollback tampered", value: "v2", status: "ACTIVE", description: "", revision: 1 });
    const first = await database.prisma.secretVersion.findFirstOrThrow({ where: { secretId: id, version: 1 } });
    const damaged = Buffer.from(first.ciphertext);
    damaged[1] ^= 0x01;
    await database.prisma.secretVersion.update({ where: { id: first.id }, data: { ciphertext: new Uint8Array(damaged) } });
    expect(await commands.rollbackSecret(ctx(), id, { toVersion: 1, revision: 2 })).toMatchObject({
      ok: false,
      message: expect.stringContaining("could not be decrypted"),
    });
    expect(await database.prisma.secret.findUniqueOrThrow({ where: { id } })).toMatchObject({ version: 2, revision: 2 });
    expect(await database.prisma.auditEvent.count({ where: { targetId: id, action: "secret.decrypt_failure" } })).toBe(1);
  });
});

describe("ciphertext integrity", () => {
  it("fails closed when a ciphertext is copied to another secret's row (AAD binding)", async () => {
    const a = await create("Source", "value-of-a");
    const b = await create("Target", "value-of-b");
    const va = await database.prisma.secretVersion.findFirstOrThrow({ where: { secretId: a } });
    await database.prisma.secretVersion.updateMany({
      where: { secretId: b, version: 1 },
      data: { ciphertext: va.ciphertext, iv: va.iv },
    });
    const result = await commands.revealSecret(ctx(), b, "reveal");
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("could not be decrypted") });
    expect(JSON.stringify(result)).not.toContain("value-of-a");
    const failure = await database.prisma.auditEvent.findFirst({ where: { targetId: b, action: "secret.decrypt_failure" } });
    expect(failure?.outcome).toBe("FAILED");
  });

  it("fails closed when a ciphertext is moved to another version of the same secret", async () => {
    const id = await create("Versioned", "v1-value");
    await commands.updateSecret(ctx(), id, { name: "Versioned", value: "v2-value", status: "ACTIVE", description: "", revision: 1 });
    const v1 = await database.prisma.secretVersion.findFirstOrThrow({ where: { secretId: id, version: 1 } });
    await database.prisma.secretVersion.updateMany({ where: { secretId: id, version: 2 }, data: { ciphertext: v1.ciphertext, iv: v1.iv } });
    expect(await commands.revealSecret(ctx(), id, "reveal")).toMatchObject({ ok: false });
  });

  it("detects a tampered ciphertext", async () => {
    const id = await create("Tampered", "original");
    const row = await database.prisma.secretVersion.findFirstOrThrow({ where: { secretId: id } });
    const bytes = Buffer.from(row.ciphertext);
    bytes[0] ^= 0xff;
    await database.prisma.secretVersion.update({ where: { id: row.id }, data: { ciphertext: new Uint8Array(bytes) } });
    expect(await commands.revealSecret(ctx(), id, "reveal")).toMatchObject({
      ok: false,
      message: expect.stringContaining("could not be decrypted"),
    });
  });
});

describe("the Trash", () => {
  it("hides a deleted secret, keeps its name taken, restores it, and frees the name on purge", async () => {
    const id = await create("Trashable", "t");
    expect(await commands.deleteSecret(ctx(), id)).toEqual({ ok: true, name: "Trashable" });
    expect(await commands.revealSecret(ctx(), id, "reveal")).toMatchObject({
      ok: false,
      message: "Nothing to reveal: the secret is in the Trash.",
    });
    expect(await commands.createSecret(ctx(), { name: "trashable", value: "x", status: "ACTIVE", description: "" })).toMatchObject({
      ok: false,
      fieldErrors: { name: ['"Trashable" is in the Trash: restore it, or purge it to reuse the name.'] },
    });
    expect(await commands.restoreSecret(ctx(), id)).toEqual({ ok: true, name: "Trashable" });
    expect(await commands.restoreSecret(ctx(), id)).toMatchObject({ ok: false });
    expect(await commands.purgeSecret(ctx(), id)).toMatchObject({ ok: false, message: 'Move "Trashable" to the Trash before purging it.' });
    await commands.deleteSecret(ctx(), id);
    expect(await commands.purgeSecret(ctx(), id)).toEqual({ ok: true, name: "Trashable" });
    expect(await database.prisma.secretVersion.count({ where: { secretId: id } })).toBe(0);
    await create("trashable", "reused");
  });

  it("purges what has been in the Trash for more than 30 days", async () => {
    const id = await create("Ancient", "a");
    await commands.deleteSecret(ctx(), id);
    await database.prisma.secret.update({ where: { id }, data: { deletedAt: new Date(Date.now() - 31 * 24 * 3600 * 1000) } });
    expect(await queries.purgeExpiredTrash(projectId)).toBe(1);
    expect(await database.prisma.secret.findUnique({ where: { id } })).toBeNull();
  });
});

describe("the gallery query", () => {
  it("searches, filters, sorts and pages in the database, and counts the total", async () => {
    for (let i = 0; i < 30; i++) await create(`page-${String(i).padStart(2, "0")}`, `v${i}`, i % 3 === 0 ? "INACTIVE" : "ACTIVE");
    const base = { q: "page-", status: undefined, sort: "name", dir: "asc", page: 1, size: 25, view: "active" } as const;
    const first = await queries.listSecrets(projectId, base);
    expect(first.total).toBe(30);
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0].name).toBe("page-00");
    const second = await queries.listSecrets(projectId, { ...base, page: 2 });
    expect(second.rows.map((r) => r.name)).toEqual(["page-25", "page-26", "page-27", "page-28", "page-29"]);
    const beyond = await queries.listSecrets(projectId, { ...base, page: 9 });
    expect(beyond).toEqual({ rows: [], total: 30 });
    const inactive = await queries.listSecrets(projectId, { ...base, status: "INACTIVE", dir: "desc" });
    expect(inactive.total).toBe(10);
    expect(inactive.rows[0].name).toBe("page-27");
    // Every page of every order, read forwards or (in the far half) backwards, is the slice of the whole
    // list it should be, ties included (30 secrets share 2 statuses and 1 version).
    for (const sort of ["name", "status", "version", "updatedAt", "description"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const whole = await queries.listSecrets(projectId, { ...base, sort, dir, size: 100 });
        const paged = [];
        for (let page = 1; page <= 3; page++)
          paged.push(...(await queries.listSecrets(projectId, { ...base, sort, dir, size: 25, page })).rows);
        expect(
          paged.map((r) => r.id),
          `${sort} ${dir}`,
        ).toEqual(whole.rows.map((r) => r.id));
        expect(new Set(paged.map((r) => r.id)).size).toBe(30);
      }
    }
    // LIKE wildcards in a search are literal.
    expect((await queries.listSecrets(projectId, { ...base, q: "page_0" })).total).toBe(0);
    expect((await queries.listSecrets(projectId, { ...base, q: "%" })).total).toBe(0);
    // No value is ever selected.
    expect(Object.keys(first.rows[0]).sort()).toEqual([
      "deletedAt",
      "deletedBy",
      "description",
      "expiresAt",
      "id",
      "name",
      "status",
      "updatedAt",
      "updatedBy",
      "version",
    ]);
  });
});

describe("a secret id from another project", () => {
  it("is not found there, and nothing changes", async () => {
    const id = await create("Project A only", "a-value");
    const other = { id: database.otherProjectId };
    const elsewhere = asAuthorized({ projectId: other.id, actor });
    expect(
      await commands.updateSecret(elsewhere, id, { name: "Stolen", value: "x", status: "ACTIVE", description: "", revision: 1 }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining("does not exist in this project"),
    });
    await expect(commands.revealSecret(elsewhere, id, "reveal")).rejects.toThrow("does not exist in this project");
    expect(await commands.deleteSecret(elsewhere, id)).toMatchObject({ ok: false });
    expect(await commands.purgeSecret(elsewhere, id)).toMatchObject({ ok: false });
    expect(await database.prisma.secret.findUniqueOrThrow({ where: { id } })).toMatchObject({
      name: "Project A only",
      deletedAt: null,
      revision: 1,
    });
    expect(
      (await queries.listSecrets(other.id, { q: "", status: undefined, sort: "name", dir: "asc", page: 1, size: 25, view: "active" }))
        .total,
    ).toBe(0);
  });
});

describe("the Secret Editor's one Confirm: General and Accesses together", () => {
  const admin = { read: true, write: true, rename: true, delete: true, manageAccesses: true };
  const writerOnly = { read: true, write: true, rename: false, delete: false, manageAccesses: true };
  const readerOnly = { read: true, write: false, rename: false, delete: false, manageAccesses: true };
  const general = (name: string, revision: number, extra: Record<string, string> = {}) => ({
    name,
    value: "",
    status: "ACTIVE",
    description: "",
    expiresOn: "",
    revision,
    ...extra,
  });
  const memberRole = () =>
    database.prisma.role.findFirstOrThrow({ where: { projectId, systemKey: "project_member" }, select: { id: true } });

  it("gives a new secret its Accesses before its first save, each change audited", async () => {
    const role = await memberRole();
    const created = await commands.createSecret(
      ctx(),
      { name: "Born with accesses", value: "v" },
      { entries: [{ principal: `role:${role.id}`, level: "READ" }], rights: admin },
    );
    expect(created).toMatchObject({ ok: true });
    const id = (created as { secretId: string }).secretId;
    const accesses = await database.prisma.secretAccess.findMany({ where: { secretId: id } });
    expect(accesses.map((a) => [a.principalKey, a.level])).toEqual([[`role:${role.id}`, "READ"]]);
    const events = await database.prisma.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["secret.create", "secret.access_remove", "secret.access_add"]);
  });

  it("keeps one entry per principal whatever the spelling of its id (upper-case hex is the same role)", async () => {
    const id = await create("One spelling", "v1");
    const role = await memberRole();
    const twice = await commands.updateSecret(ctx(), id, null, {
      accesses: {
        entries: [
          { principal: `role:${role.id}`, level: "READ" },
          { principal: `role:${role.id.toUpperCase()}`, level: "READ" },
        ],
        rights: admin,
      },
    });
    expect(twice).toMatchObject({ ok: false, fieldErrors: { accesses: ["Each member, role or token appears once."] } });
    const added = await commands.updateSecret(ctx(), id, null, {
      accesses: { entries: [{ principal: `role:${role.id.toUpperCase()}`, level: "READ" }], rights: admin },
    });
    expect(added).toMatchObject({ ok: true });
    const rows = await database.prisma.secretAccess.findMany({ where: { secretId: id } });
    expect(rows.map((r) => r.principalKey)).toEqual([`role:${role.id}`]);
    // The REST API's replacement: the same role in two spellings is named twice.
    const { replaceSecretAccesses } = await import("@/lib/secrets/accesses");
    const replaced = await replaceSecretAccesses(
      ctx(),
      { id, name: "One spelling" },
      [
        { key: `role:${role.id}`, level: "READ" },
        { key: `role:${role.id.toUpperCase()}`, level: "READ" },
      ],
      () => ({ ok: true }),
    );
    expect(replaced).toMatchObject({ ok: false, problem: "named_twice" });
  });

  it("saves both or neither: a refused Accesses change leaves General unchanged too", async () => {
    const id = await create("Both or neither", "v1");
    const role = await memberRole();
    const refused = await commands.updateSecret(ctx(), id, general("Both or neither", 1, { description: "changed", value: "v2" }), {
      accesses: { entries: [{ principal: `role:${role.id}`, level: "WRITE" }], rights: readerOnly },
    });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { accesses: [expect.stringContaining("do not have it yourself")] } });
    const after = await database.prisma.secret.findUniqueOrThrow({ where: { id }, include: { accesses: true, versions: true } });
    expect(after).toMatchObject({ description: "", version: 1, revision: 1 });
    expect(after.versions).toHaveLength(1);
    expect(after.accesses.map((a) => a.principalKey)).toEqual(["all_tools"]);

    const saved = await commands.updateSecret(ctx(), id, general("Both or neither", 1, { description: "changed", value: "v2" }), {
      accesses: { entries: [{ principal: `role:${role.id}`, level: "WRITE" }], rights: writerOnly },
    });
    expect(saved).toMatchObject({ ok: true, version: 2, revision: 2 });
    const accesses = await database.prisma.secretAccess.findMany({ where: { secretId: id } });
    expect(accesses.map((a) => [a.principalKey, a.level])).toEqual([[`role:${role.id}`, "WRITE"]]);
  });

  it("refuses an Accesses save based on a list someone changed since: a removal is never undone silently", async () => {
    const id = await create("Removed meanwhile", "v1");
    const role = await memberRole();
    const loaded = [{ principal: "all_tools", level: "READ" as const }];
    // Someone else removes All project tools after this editor loaded the list.
    await commands.updateSecret(ctx(), id, null, { accesses: { entries: [], base: loaded, rights: admin } });
    const stale = await commands.updateSecret(ctx(), id, null, {
      accesses: { entries: [...loaded, { principal: `role:${role.id}`, level: "READ" }], base: loaded, rights: admin },
    });
    expect(stale).toMatchObject({
      ok: false,
      code: "stale",
      fieldErrors: { accesses: [expect.stringContaining("after you opened them")] },
    });
    expect(await database.prisma.secretAccess.count({ where: { secretId: id } })).toBe(0);
  });

  it("saves the Accesses alone, without touching the revision, and refuses a principal of another project", async () => {
    const id = await create("Accesses alone", "v1");
    const foreignRole = await database.prisma.role.findFirstOrThrow({ where: { projectId: database.otherProjectId } });
    const foreign = await commands.updateSecret(ctx(), id, null, {
      accesses: { entries: [{ principal: `role:${foreignRole.id}`, level: "READ" }], rights: admin },
    });
    expect(foreign).toMatchObject({ ok: false, fieldErrors: { accesses: [expect.stringContaining("no longer part of this project")] } });
    expect(await database.prisma.secretAccess.count({ where: { secretId: id } })).toBe(1);

    const emptied = await commands.updateSecret(ctx(), id, null, { accesses: { entries: [], rights: admin } });
    expect(emptied).toMatchObject({ ok: true, version: 1, revision: 1 });
    expect(await database.prisma.secretAccess.count({ where: { secretId: id } })).toBe(0);
    expect(await commands.updateSecret(ctx(), id, null)).toMatchObject({ ok: false, message: "Nothing to save." });
  });
});
