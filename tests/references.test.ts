import { describe, expect, it } from "vitest";
import { secretRightsForToken, type AccessEntry } from "@/lib/authz/policy";
import { TOOLS } from "@/lib/tools/catalog";
import { referenceState } from "@/lib/secrets/reference-state";
import { toolSettingsSchema } from "@/lib/tools/schema";

const active = { status: "ACTIVE" as const, deletedAt: null, expiresAt: null };

describe("reference resolution", () => {
  it("resolves an Active secret the tool may read", () => {
    expect(referenceState(active, true)).toBe("ok");
  });

  it("names the first thing to fix, in order", () => {
    expect(referenceState(null, true)).toBe("missing");
    expect(referenceState({ ...active, deletedAt: new Date(), status: "REVOKED" }, true)).toBe("deleted");
    expect(referenceState({ ...active, status: "REVOKED" }, false)).toBe("revoked");
    expect(referenceState({ ...active, status: "INACTIVE" }, false)).toBe("inactive");
    expect(referenceState({ ...active, expiresAt: new Date(Date.now() - 1000) }, true)).toBe("expired");
    expect(referenceState({ ...active, expiresAt: new Date(Date.now() + 60_000) }, true)).toBe("ok");
    expect(referenceState(active, false)).toBe("forbidden");
  });
});

describe("a token's rights on a secret", () => {
  const entry = (e: Partial<AccessEntry>): AccessEntry => ({
    principalType: "ALL_TOOLS",
    userId: null,
    roleId: null,
    tokenId: null,
    level: "READ",
    ...e,
  });
  const read = { tokenId: "t1", projectId: "p", scope: "READ" as const };
  const manage = { ...read, scope: "MANAGE" as const };

  it("reads through All project tools or its own entry, nothing else", () => {
    expect(secretRightsForToken(read, [entry({})]).read).toBe(true);
    expect(secretRightsForToken(read, [entry({ principalType: "TOKEN", tokenId: "t1" })]).read).toBe(true);
    expect(secretRightsForToken(read, [entry({ principalType: "TOKEN", tokenId: "t2" })]).read).toBe(false);
    expect(secretRightsForToken(read, [entry({ principalType: "USER", userId: "t1" })]).read).toBe(false);
    expect(secretRightsForToken(read, []).read).toBe(false);
  });

  it("writes only with the manage scope and a write entry; manages accesses and deletes with the manage scope", () => {
    expect(secretRightsForToken(read, [entry({ level: "WRITE" })])).toEqual({
      read: true,
      write: false,
      rename: false,
      delete: false,
      manageAccesses: false,
    });
    expect(secretRightsForToken(manage, [entry({})])).toEqual({
      read: true,
      write: false,
      rename: false,
      delete: true,
      manageAccesses: true,
    });
    expect(secretRightsForToken(manage, [entry({ principalType: "TOKEN", tokenId: "t1", level: "WRITE" })]).write).toBe(true);
  });
});

describe("tool settings", () => {
  const webSearch = TOOLS.find((t) => t.key === "web-search")!;
  const schema = toolSettingsSchema(webSearch);

  it("takes a secret name, never anything else, in a confidential parameter", () => {
    expect(schema.safeParse({ provider: "Bing", apiKey: "My API key", maxResults: "5", safeSearch: "true" }).success).toBe(true);
    const value = schema.safeParse({ provider: "Bing", apiKey: "sk-live/abc+def==", maxResults: "5", safeSearch: "true" });
    expect(value.success).toBe(false);
  });

  it("checks each parameter by its type and refuses unknown ones", () => {
    const bad = schema.safeParse({ provider: "AltaVista", apiKey: "", maxResults: "500", safeSearch: "maybe" });
    expect(bad.success).toBe(false);
    const fields = new Set(bad.error!.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(["provider", "apiKey", "maxResults", "safeSearch"]));
    expect(schema.safeParse({ provider: "Bing", apiKey: "k", maxResults: "5", safeSearch: "true", extra: "x" }).success).toBe(false);
  });

  it("saves settings as they are: a required setting left empty is allowed, a wrong type is not", () => {
    const saving = toolSettingsSchema(webSearch, { allowIncomplete: true });
    expect(saving.safeParse({ provider: "", apiKey: "", maxResults: "", safeSearch: "" }).success).toBe(true);
    const wrong = saving.safeParse({ provider: "Bing", apiKey: "sk-live/abc+def==", maxResults: "many", safeSearch: "" });
    expect(new Set(wrong.error!.issues.map((i) => i.path[0]))).toEqual(new Set(["apiKey", "maxResults"]));
  });

  it("every tool has a confidential parameter and valid defaults", () => {
    for (const tool of TOOLS) {
      expect(
        tool.parameters.some((p) => p.confidential),
        tool.key,
      ).toBe(true);
      const defaults = Object.fromEntries(tool.parameters.map((p) => [p.key, p.default ?? ""]));
      const issues = toolSettingsSchema(tool).safeParse(defaults).error?.issues ?? [];
      // Only required settings without a default may be missing.
      for (const issue of issues) expect(tool.parameters.find((p) => p.key === issue.path[0])?.default).toBeUndefined();
    }
  });
});
