import { z } from "zod";
import { isUuid } from "@/lib/ids";
import { BROKEN_CHARACTER_MESSAGE, hasNoNul, isWellFormed, NUL_MESSAGE, withoutNul } from "@/lib/text";

/**
 * What a secret is made of and the rules on its input, in one place: names,
 * values and statuses, the Secret Editor's forms, the Accesses a new secret
 * gets, the gallery's view, and how long the Trash keeps a secret. Shared by
 * the server and the browser (no server code here).
 */

export const SECRET_STATUSES = ["ACTIVE", "INACTIVE", "REVOKED"] as const;
export type SecretStatusValue = (typeof SECRET_STATUSES)[number];
export const STATUS_LABELS: Record<SecretStatusValue, string> = { ACTIVE: "Active", INACTIVE: "Inactive", REVOKED: "Revoked" };

/** 64 KiB of UTF-8. */
export const MAX_VALUE_BYTES = 64 * 1024;

/** What a secret's name may hold: letters, digits, spaces, _ - . */
export const SECRET_NAME_PATTERN = /^[\p{L}\p{N} _.-]+$/u;
export const MAX_NAME_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 500;

/** The exact reference used in tool settings: trimmed, 1–100 letters, digits, spaces, _ - . */
export const secretNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(MAX_NAME_LENGTH, "A name has at most 100 characters.")
  .regex(SECRET_NAME_PATTERN, "Use letters, digits, spaces and _ - . only.");

const valueRule = (value: string) => new TextEncoder().encode(value).length <= MAX_VALUE_BYTES;
const VALUE_TOO_LONG = "A value has at most 64 KiB.";

export const secretStatusSchema = z.enum(SECRET_STATUSES, "Choose Active, Inactive or Revoked.");
export const secretDescriptionSchema = z
  .string()
  .trim()
  .max(MAX_DESCRIPTION_LENGTH, "A description has at most 500 characters.")
  .refine(hasNoNul, NUL_MESSAGE)
  .refine(isWellFormed, BROKEN_CHARACTER_MESSAGE)
  .default("");

/** The last day a secret may be used, from a date field ("YYYY-MM-DD"), or "" for no expiry. */
export const secretExpirySchema = z.union([z.literal(""), z.iso.date("Enter a date.")]).default("");

export const createSecretSchema = z.object({
  name: secretNameSchema,
  value: z.string().min(1, "Enter the value to store.").refine(valueRule, VALUE_TOO_LONG).refine(isWellFormed, BROKEN_CHARACTER_MESSAGE),
  status: secretStatusSchema.default("ACTIVE"),
  description: secretDescriptionSchema,
  expiresOn: secretExpirySchema,
});

/** An empty value keeps the stored one; `revision` is the one the editor loaded. */
export const updateSecretSchema = z.object({
  name: secretNameSchema,
  value: z.string().refine(valueRule, VALUE_TOO_LONG).refine(isWellFormed, BROKEN_CHARACTER_MESSAGE).default(""),
  status: secretStatusSchema,
  description: secretDescriptionSchema,
  expiresOn: secretExpirySchema,
  revision: z.coerce.number().int().positive(),
});

/** Rolling back to an earlier version: its value becomes a new version. `revision` as for an update. */
export const rollbackSecretSchema = z.object({
  toVersion: z.coerce.number().int().positive("Choose a version."),
  revision: z.coerce.number().int().positive(),
});

/** A pasted .env file for a bulk import (read by lib/secrets/dotenv.ts). */
export const importSecretsSchema = z.object({
  text: z
    .string()
    .max(1024 * 1024, "Paste at most 1 MiB.")
    .refine((t) => t.trim().length > 0, "Paste the contents of a .env file."),
  /** Names that exist already: left as they are, or given the pasted value as a new version. */
  existing: z.enum(["skip", "overwrite"], "Choose Skip or Overwrite.").default("skip"),
});

export type CreateSecretInput = z.input<typeof createSecretSchema>;
export type UpdateSecretInput = z.input<typeof updateSecretSchema>;

export const SORTABLE_COLUMNS = ["name", "status", "version", "updatedAt", "description"] as const;
export const PAGE_SIZES = [25, 50, 100] as const;

/** The gallery's view, from the URL: search, status filter, sort, page. */
export const galleryQuerySchema = z.object({
  q: z.string().transform(withoutNul).pipe(z.string().trim().max(100)).catch(""),
  status: z.enum(SECRET_STATUSES).optional().catch(undefined),
  sort: z.enum(SORTABLE_COLUMNS).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce
    .number()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(25),
  view: z.enum(["active", "trash"]).catch("active"),
});
export type GalleryQuery = z.output<typeof galleryQuerySchema>;

export const importPreviewSchema = z.object({ names: z.array(secretNameSchema).max(500) });

/** Days a secret stays in the Trash before it is purged for good. */
export const TRASH_DAYS = 30;
export const TRASH_MS = TRASH_DAYS * 24 * 60 * 60 * 1000;
/** When a secret moved to the Trash at `deletedAt` is purged. */
export function purgeDate(deletedAt: Date) {
  return new Date(deletedAt.getTime() + TRASH_MS);
}

// Accesses

/** "user:<id>", "role:<id>", "token:<id>" or "all_tools". */
export const principalKeySchema = z
  .string()
  .refine(
    (key) => key === "all_tools" || (/^(?:user|role|token):/.test(key) && isUuid(key.slice(key.indexOf(":") + 1))),
    "Choose who gets access.",
  )
  // One spelling per principal: ids in lower case, as they are stored.
  .transform((key) => key.toLowerCase());
export const accessLevelSchema = z.enum(["READ", "WRITE"], "Choose Read or Write.");

export const addAccessSchema = z.object({ principal: principalKeySchema, level: accessLevelSchema });
export const changeAccessSchema = z.object({ level: accessLevelSchema });

/** The whole Accesses tab as the Secret Editor saves it with Confirm: every entry besides Project Administrators. */
export const accessListSchema = z
  .array(addAccessSchema)
  .max(500, "At most 500 entries.")
  .refine((entries) => new Set(entries.map((e) => e.principal)).size === entries.length, "Each member, role or token appears once.");
export type AccessRequest = z.output<typeof addAccessSchema>;

/**
 * What the Secret Editor sends with Confirm: the Accesses as edited, and as
 * loaded (`base`: a change someone made since is refused, not undone).
 */
export const accessEditSchema = z.strictObject({ base: accessListSchema.optional(), entries: accessListSchema });

export const ACCESS_LEVEL_LABELS = { READ: "Read", WRITE: "Write" } as const;

/**
 * The Accesses a new secret gets: every API token of the project may read it
 * ("All project tools"), so the seed's flow — create the secret, the tool
 * finds it — works without extra steps. Project Administrators need no entry.
 */
export const DEFAULT_ACCESSES = [{ principalType: "ALL_TOOLS" as const, principalKey: "all_tools", level: "READ" as const }];

export const DEFAULT_ACCESS_SUMMARY = [
  { principal: "Project Administrators", level: "Read and write", note: "Always, through their role." },
  { principal: "All project tools", level: "Read", note: "Every API token of the project, while the secret is Active." },
];

/** The defaults as the Accesses tab of a new secret shows them before its first save. */
export const DEFAULT_ACCESS_ENTRIES = DEFAULT_ACCESSES.map((entry) => ({
  ...entry,
  label: "All project tools",
  detail: "Every API token of the project",
}));
