import { describe, expect, it } from "vitest";
import { dayOfExpiry, expiryError, expiryFromDay, isExpired, isRevealable, isServable, statusChangeError } from "@/lib/secrets/rules";
import { createSecretSchema, galleryQuerySchema, secretNameSchema, updateSecretSchema } from "@/lib/secrets/schema";

describe("the name of a secret", () => {
  it("is trimmed and keeps its case", () => {
    expect(secretNameSchema.parse("  My API key ")).toBe("My API key");
  });

  it.each(["MyAPIkey", "my_api-key.v2", "Clé API 2", "a", "x".repeat(100)])("accepts %j", (name) => {
    expect(secretNameSchema.safeParse(name).success).toBe(true);
  });

  it.each([
    ["", "Enter a name."],
    ["   ", "Enter a name."],
    ["x".repeat(101), "A name has at most 100 characters."],
    ["bad/name", "Use letters, digits, spaces and _ - . only."],
    ['quote"s', "Use letters, digits, spaces and _ - . only."],
    ["new\nline", "Use letters, digits, spaces and _ - . only."],
  ])("rejects %j with a clear message", (name, message) => {
    const result = secretNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe(message);
  });
});

describe("the value of a secret", () => {
  const base = { name: "n", status: "ACTIVE", description: "" };
  it("is required on create", () => {
    expect(createSecretSchema.safeParse({ ...base, value: "" }).error?.issues[0].message).toBe("Enter the value to store.");
  });
  it("may be empty on update (keeps the stored one)", () => {
    expect(updateSecretSchema.parse({ ...base, value: "", revision: 3 }).value).toBe("");
  });
  it("holds at most 64 KiB, counted in UTF-8 bytes", () => {
    expect(createSecretSchema.safeParse({ ...base, value: "v".repeat(65536) }).success).toBe(true);
    expect(createSecretSchema.safeParse({ ...base, value: "v".repeat(65537) }).error?.issues[0].message).toBe(
      "A value has at most 64 KiB.",
    );
    // 3 bytes each in UTF-8
    expect(createSecretSchema.safeParse({ ...base, value: "€".repeat(21846) }).success).toBe(false);
  });
  it("is refused, never changed, when it holds half of a UTF-16 surrogate pair (UTF-8 would store U+FFFD)", () => {
    const broken = "This text holds a broken character (half of a UTF-16 surrogate pair), which cannot be stored as it is.";
    expect(createSecretSchema.safeParse({ ...base, value: "a\ud800" }).error?.issues[0].message).toBe(broken);
    expect(updateSecretSchema.safeParse({ ...base, value: "\udfff", revision: 1 }).error?.issues[0].message).toBe(broken);
    expect(createSecretSchema.safeParse({ ...base, value: "v", description: "\ud800" }).error?.issues[0].message).toBe(broken);
    expect(createSecretSchema.safeParse({ ...base, value: "😀" }).success).toBe(true);
  });
  it("rejects an unknown status", () => {
    expect(createSecretSchema.safeParse({ ...base, value: "v", status: "DELETED" }).error?.issues[0].message).toBe(
      "Choose Active, Inactive or Revoked.",
    );
  });
});

describe("the status rules", () => {
  it("serves only Active secrets outside the Trash", () => {
    const none = { expiresAt: null };
    expect(isServable({ status: "ACTIVE", deletedAt: null, ...none })).toBe(true);
    expect(isServable({ status: "INACTIVE", deletedAt: null, ...none })).toBe(false);
    expect(isServable({ status: "REVOKED", deletedAt: null, ...none })).toBe(false);
    expect(isServable({ status: "ACTIVE", deletedAt: new Date(), ...none })).toBe(false);
  });

  it("stops serving a secret after its last day of use, at the end of that day (UTC)", () => {
    const expiresAt = expiryFromDay("2026-12-31")!;
    expect(expiresAt.toISOString()).toBe("2026-12-31T23:59:59.999Z");
    expect(dayOfExpiry(expiresAt)).toBe("2026-12-31");
    const active = { status: "ACTIVE" as const, deletedAt: null, expiresAt };
    expect(isServable(active, new Date("2026-12-31T23:59:00Z"))).toBe(true);
    expect(isServable(active, new Date("2027-01-01T00:00:00Z"))).toBe(false);
    expect(isExpired(active, new Date("2027-01-01T00:00:00Z"))).toBe(true);
    expect(expiryFromDay("")).toBeNull();
  });

  it("accepts a changed expiry only from today on, and leaves an unchanged one alone", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    expect(expiryError(expiryFromDay("2026-11-29"), null, now)).toBeNull();
    expect(expiryError(expiryFromDay("2026-11-28"), null, now)).toBe("Choose today or a later day.");
    const past = expiryFromDay("2026-01-01");
    expect(expiryError(past, past, now)).toBeNull();
    expect(expiryError(null, past, now)).toBeNull();
    expect(createSecretSchema.safeParse({ name: "n", value: "v", expiresOn: "31/12/2026" }).error?.issues[0].message).toBe("Enter a date.");
    expect(createSecretSchema.parse({ name: "n", value: "v" }).expiresOn).toBe("");
  });

  it("never reveals a revoked or deleted value", () => {
    expect(isRevealable({ status: "INACTIVE", deletedAt: null })).toBe(true);
    expect(isRevealable({ status: "REVOKED", deletedAt: null })).toBe(false);
    expect(isRevealable({ status: "ACTIVE", deletedAt: new Date() })).toBe(false);
  });

  it("needs a new value to bring a revoked secret back", () => {
    expect(statusChangeError("REVOKED", "ACTIVE", false)).toMatch(/enter a new value/);
    expect(statusChangeError("REVOKED", "INACTIVE", false)).toMatch(/enter a new value/);
    expect(statusChangeError("REVOKED", "ACTIVE", true)).toBeNull();
    expect(statusChangeError("REVOKED", "REVOKED", false)).toBeNull();
    expect(statusChangeError("ACTIVE", "REVOKED", false)).toBeNull();
    expect(statusChangeError("INACTIVE", "ACTIVE", false)).toBeNull();
  });
});

describe("the gallery's URL", () => {
  it("falls back to defaults for anything it does not understand", () => {
    expect(galleryQuerySchema.parse({ sort: "password", dir: "sideways", page: "-3", size: "7", status: "x", view: "all" })).toEqual({
      q: "",
      status: undefined,
      sort: "name",
      dir: "asc",
      page: 1,
      size: 25,
      view: "active",
    });
    expect(
      galleryQuerySchema.parse({ q: " api ", status: "REVOKED", sort: "updatedAt", dir: "desc", page: "3", size: "100" }),
    ).toMatchObject({
      q: "api",
      status: "REVOKED",
      sort: "updatedAt",
      dir: "desc",
      page: 3,
      size: 100,
    });
  });
});
