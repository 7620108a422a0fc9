import { describe, expect, it } from "vitest";
import { describeEntry, principalName, type AuditRow, type Names } from "@/lib/audit/describe";

const ANA = "11111111-1111-4111-8111-111111111111";
const DEPLOY = "22222222-2222-4222-8222-222222222222";
const names: Names = {
  people: new Map([[ANA, "Ana"]]),
  roles: new Map(),
  tokens: new Map([[DEPLOY, "Deploy"]]),
};
const at = new Date("2026-11-30T10:00:00Z");
let next = 1;
function row(action: string, details: Record<string, unknown> = {}, extra: Partial<AuditRow> = {}): AuditRow {
  return {
    id: String(next++),
    action,
    actorType: "USER",
    actorId: ANA,
    actorLabel: "ana@example.com",
    targetType: "secret",
    targetId: "s1",
    targetName: "MyAPIkey",
    outcome: "ALLOWED",
    reason: null,
    details,
    createdAt: at,
    ...extra,
  };
}

describe("the audit log in words", () => {
  it("says who gave what to whom, with one label per person and principal", () => {
    const entry = describeEntry([row("secret.access_add", { principal: `token:${DEPLOY}`, level: "READ" })], names);
    expect(entry.sentence).toBe("Ana gave the Deploy token read access to “MyAPIkey”");
  });

  it("makes one save one entry listing what changed, statuses in words", () => {
    const entry = describeEntry(
      [
        row("secret.update", { changes: ["value", "status", "description"], version: 3 }),
        row("secret.status_change", { from: "INACTIVE", to: "REVOKED", version: 3 }),
        row("secret.access_remove", { principal: "all_tools", level: "READ" }),
      ],
      names,
    );
    expect(entry.sentence).toBe(
      "Ana changed “MyAPIkey”: set a new value (version 3), changed the description; revoked it; removed the access of all project tools",
    );
    expect(entry.sentence).not.toMatch(/REVOKED|INACTIVE/);
    expect(entry.actions).toHaveLength(3);
  });

  it("says an import once, with its count, and a refusal as a refusal", () => {
    expect(describeEntry([row("secret.import", { created: 32, skipped: 1 }, { targetType: null, targetName: null })], names).sentence).toBe(
      "Ana imported 32 secrets from a .env file (1 skipped)",
    );
    const refused = describeEntry([row("secret.reveal", {}, { outcome: "DENIED", reason: "no read right on this secret" })], names);
    expect(refused).toMatchObject({ outcome: "DENIED", reason: "no read right on this secret" });
    expect(refused.sentence).toBe("Ana tried to reveal the value of “MyAPIkey” and was refused");
  });

  it("names people who left and deleted principals without an id", () => {
    expect(principalName("user:33333333-3333-4333-8333-333333333333", names)).toBe("a former member");
    expect(principalName("role:33333333-3333-4333-8333-333333333333", names, "Auditors")).toBe("the Auditors role");
    expect(principalName("all_tools", names)).toBe("all project tools");
  });
});
