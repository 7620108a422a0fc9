import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededAppDatabase } from "./helpers/database";

/**
 * The Activity against a real PostgreSQL: one save (one transaction) is one
 * entry, events written apart are never merged, an import is one entry,
 * another project's events never appear, and the CSV holds the sentences.
 */
let database: Awaited<ReturnType<typeof createSeededAppDatabase>>;
let commands: typeof import("@/lib/secrets/commands");
let activity: typeof import("@/lib/audit/activity");
let record: typeof import("@/lib/audit/record");

beforeAll(async () => {
  database = await createSeededAppDatabase("activity");
  commands = await import("@/lib/secrets/commands");
  activity = await import("@/lib/audit/activity");
  record = await import("@/lib/audit/record");
});

afterAll(() => database.drop());

const all = { read: true, write: true, rename: true, delete: true, manageAccesses: true };

describe("the Activity", () => {
  it("shows one save as one entry, and keeps events written apart apart", async () => {
    const ctx = database.adminCtx(database.projectId);
    const created = await commands.createSecret(ctx, { name: "Grouped key", value: "g1" });
    if (!created.ok) throw new Error(created.message);
    const id = created.secretId;
    const role = await database.prisma.role.findFirstOrThrow({ where: { projectId: database.projectId, systemKey: "project_member" } });
    const saved = await commands.updateSecret(
      ctx,
      id,
      { name: "Grouped key", value: "g2", status: "INACTIVE", description: "", expiresOn: "", revision: 1 },
      { accesses: { entries: [{ principal: `role:${role.id}`, level: "READ" }], rights: all } },
    );
    expect(saved).toMatchObject({ ok: true });
    // Written apart, as a reveal and a refusal are: never folded into the save.
    await commands.revealSecret(ctx, id, "reveal");
    await record.recordAudit(database.prisma, ctx.actor, {
      action: "secret.delete",
      projectId: database.projectId,
      targetType: "secret",
      targetId: id,
      targetName: "Grouped key",
      outcome: "DENIED",
      reason: "no delete right on this secret",
    });

    const history = await activity.secretHistory(database.projectId, id);
    expect(history.map((e) => e.sentence)).toEqual([
      "Administrator tried to delete “Grouped key” and was refused",
      "Administrator revealed the value of “Grouped key”",
      "Administrator changed “Grouped key”: set a new value (version 2); made it Inactive (was Active); removed the access of all project tools; gave the Project Member role read access",
      "Administrator created the secret “Grouped key”",
    ]);
    expect(JSON.stringify(history)).not.toMatch(/g1|g2/);
  });

  it("shows an import as one entry, filters by kind and secret, and never shows another project's events", async () => {
    const ctx = database.adminCtx(database.projectId);
    const imported = await commands.importSecrets(ctx, { text: "ACT_ONE=1\nACT_TWO=2\nACT_THREE=3\n" });
    expect(imported).toMatchObject({ ok: true, created: ["ACT_ONE", "ACT_TWO", "ACT_THREE"] });
    await commands.createSecret(database.adminCtx(database.otherProjectId), { name: "Elsewhere", value: "x" });

    const page = await activity.listActivity(database.projectId, activity.parseActivityQuery({}));
    const sentences = page.entries.map((e) => e.sentence);
    expect(sentences[0]).toBe("Administrator imported 3 secrets from a .env file");
    expect(sentences.filter((s) => s.includes("ACT_"))).toEqual([]);
    expect(sentences.join("\n")).not.toContain("Elsewhere");
    expect(page.total).toBe(page.entries.length);

    const accesses = await activity.listActivity(database.projectId, activity.parseActivityQuery({ kind: "accesses", secret: "grouped" }));
    expect(accesses.entries).toHaveLength(1);
    expect(accesses.entries[0].sentence).toContain("gave the Project Member role read access");
    // Malformed filters are ignored, never an error.
    expect(activity.parseActivityQuery({ person: "x' OR 1=1", kind: "drop", page: "-4", from: "yesterday" })).toEqual({ page: 1 });

    const csv = await activity.exportActivityCsv(database.projectId, activity.parseActivityQuery({ kind: "accesses" }), ctx.actor);
    expect(csv.split("\r\n")[1]).toContain("gave the Project Member role read access");
    const exported = await database.prisma.auditEvent.findFirstOrThrow({ where: { action: "activity.export" }, orderBy: { id: "desc" } });
    expect(exported.details).toMatchObject({ rows: 1, filters: { kind: "accesses" } });
  });
});
