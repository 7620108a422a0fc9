import { z } from "zod";
import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, MAX_VALUE_BYTES, SECRET_NAME_PATTERN } from "@/lib/secrets/schema";
import { MAX_IMPORT_ENTRIES } from "@/lib/secrets/dotenv";
import { hasNoNul, isWellFormed } from "@/lib/text";

/** The original platform's shapes (see the seed): lower-case statuses, `secretString` for the value. */
export const apiStatusSchema = z
  .enum(["active", "inactive", "revoked"], "status is active, inactive or revoked")
  .meta({ description: "Only an active secret's value is served; inactive and revoked ones are kept but not served" });

const secretString = z
  .string()
  .min(1, "secretString must not be empty")
  .refine((v) => Buffer.byteLength(v) <= MAX_VALUE_BYTES, "secretString holds at most 64 KiB")
  .refine(isWellFormed, "secretString holds a lone UTF-16 surrogate (half of a character), which cannot be stored as sent")
  .meta({ description: "The value, at most 64 KiB: stored encrypted, never listed, logged or audited" });

/**
 * A secret's name: the editor's rules (lib/secrets/schema.ts), worded for a program's author. (The pattern is
 * stated for the document: @asteasolutions/zod-to-openapi 9.1 writes a regex with flags as `source/u`.)
 */
const apiSecretName = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(MAX_NAME_LENGTH, `name has at most ${MAX_NAME_LENGTH} characters`)
  .regex(SECRET_NAME_PATTERN, "name holds letters, digits, spaces and _ - . only")
  .meta({
    pattern: SECRET_NAME_PATTERN.source,
    description: `Unique in the project, ignoring case; letters, digits, spaces and _ - . (at most ${MAX_NAME_LENGTH})`,
  });

/** The same rules as the editor's (lib/secrets/schema.ts), worded for a program's author. */
const apiDescription = z
  .string()
  .trim()
  .max(MAX_DESCRIPTION_LENGTH, `description has at most ${MAX_DESCRIPTION_LENGTH} characters`)
  .refine(hasNoNul, "description must not contain U+0000")
  .refine(isWellFormed, "description holds a lone UTF-16 surrogate (half of a character), which cannot be stored as sent")
  .meta({ description: "What the secret is for, shown to members in the gallery" });

/** The last day of use, "YYYY-MM-DD" (through 23:59:59.999 UTC), or null for none. */
const apiExpirySchema = z.iso
  .date("expiresOn is a date, YYYY-MM-DD")
  .nullable()
  .meta({ description: "The last day of use, YYYY-MM-DD (through 23:59:59.999 UTC), or null for none; after it the value is not served" });

export const apiCreateSecretSchema = z.strictObject({
  secretDefinition: z.strictObject({
    name: apiSecretName,
    secretString,
    description: apiDescription.optional(),
    status: apiStatusSchema.optional(),
    expiresOn: apiExpirySchema.optional(),
  }),
});

export const apiUpdateSecretSchema = z.strictObject({
  secretDefinition: z
    .strictObject({
      name: apiSecretName.optional(),
      secretString: secretString.optional(),
      description: apiDescription.optional(),
      status: apiStatusSchema.optional(),
      expiresOn: apiExpirySchema.optional(),
    })
    .refine((d) => Object.keys(d).length > 0, "secretDefinition needs at least one field"),
});

/** A create's retry key (lib/api/idempotency.ts). */
export const apiIdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key is 1 to 255 visible ASCII characters, a UUID say")
    .optional()
    .meta({
      description:
        "A key of your choosing (a UUID) for this create: a retry with the same key and body within 24 hours gets the first answer again (with `Idempotent-Replayed: true`), never a second secret. The same key with another body is refused (422); while the first request runs, a retry gets 409 with Retry-After.",
      example: "5b0f8a52-8a0e-4f7e-9d43-1c3a0c2b9e11",
    }),
});

/** A write's precondition: the version the client last read, as ETag gave it ("3"). */
export const apiIfMatchHeaders = z.object({
  "if-match": z
    .string()
    .regex(/^"\d{1,9}"$/, 'If-Match is the version the ETag header gave, in quotes: "3" (a strong tag; W/ is not accepted)')
    .optional()
    .meta({
      description:
        'The secret\'s version as the ETag of your last read gave it ("3"): the write is refused with 409 and `currentVersion` when the secret is at another version. The version counts values only: a change of status, name, description or expiry does not move it. Without If-Match, concurrent writes each apply in turn (last writer wins).',
      example: '"3"',
    }),
});

/** The version in an If-Match header apiIfMatchHeaders accepted. */
export const versionOfIfMatch = (header: string | undefined) => (header === undefined ? undefined : Number(header.slice(1, -1)));

export const apiRollbackSchema = z.strictObject({
  version: z
    .number("version is the number of an earlier version")
    .int("version is a whole number")
    .positive("version starts at 1")
    .meta({ description: "The earlier version whose value becomes the new current version (it must not be revoked)" }),
});

export const apiAccessListSchema = z.strictObject({
  secretDefinition: z.strictObject({
    accessList: z
      .array(
        z.strictObject({
          accessLevel: z
            .enum(["read", "write"], "accessLevel is read or write")
            .meta({ description: "read: may read the value; write: may also change it" }),
          principalType: z
            .enum(["user", "role", "service"], "principalType is user, role or service")
            .meta({ description: "user: a project member; role: everyone holding the role; service: an API token" }),
          /** A user's id or email, a role's id, a token's id; "*" (or none) for service means All project tools. */
          principalId: z.string().max(254).refine(hasNoNul, "principalId must not contain U+0000").optional().meta({
            description: "A member's id or email, a role's id, an API token's id; for service, \"*\" or none means All project tools",
          }),
        }),
      )
      .max(200)
      .meta({ description: "The whole list (at most 200): it replaces the secret's accesses" }),
  }),
});

/** POST /v1/secrets/import: the UI's .env import (lib/secrets/commands.ts importSecrets), for a token. */
export const apiImportSchema = z.strictObject({
  text: z
    .string("text is the .env file's contents, a string")
    .refine((t) => t.trim().length > 0, "text must not be empty: send the .env file's contents")
    .meta({
      description: `The .env file's contents: KEY=value lines (at most ${MAX_IMPORT_ENTRIES}; quotes, export and comments as the UI's import reads them). Each KEY becomes a secret's name.`,
    }),
  existing: z.enum(["skip", "overwrite"], "existing is skip or overwrite").default("skip").meta({
    description:
      "A name that exists already: skip leaves it as it is; overwrite gives it the file's value as a new version where the token has write access",
  }),
});

/** A query parameter that is a whole number written in digits: not "", " ", "1e2" or "0x10" (which Number() would take). */
const wholeNumber = (message: string, min: number, max: number, rangeMessage: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : v),
    z.number(message).int(message).min(min, rangeMessage).max(max, rangeMessage),
  );

export const apiListQuerySchema = z.object({
  name: z
    .string()
    .trim()
    .max(100)
    .refine(hasNoNul, "name must not contain U+0000")
    .optional()
    .meta({ description: "Only secrets whose name contains this, ignoring case" }),
  id: z.uuid("id is not a valid secret id").optional().meta({ description: "Only the secret with this id" }),
  start: wholeNumber("start is a whole number, 0 or more", 0, 1_000_000, "start is 0 to 1000000")
    .default(0)
    .meta({ description: "How many to skip, by name order" }),
  count: wholeNumber("count is a whole number, 1 to 100", 1, 100, "count is 1 to 100")
    .default(10)
    .meta({ description: "Page size, 1 to 100" }),
});

/*
 * The answers, for the OpenAPI document (GET /v1/openapi.json) and the contract test. The handlers in
 * lib/api/secrets.ts and lib/api/tools.ts build these shapes; tests/api-contract.test.ts checks every
 * answer the tests receive against the document.
 */

const EXAMPLE_ID = "3f1c2a9e-8b4d-4c6e-9a7b-2d5e8f0a1b3c";
const EXAMPLE_SECRET = {
  id: EXAMPLE_ID,
  name: "Search API key",
  description: "Used by the web-search tool",
  status: "active",
  version: 3,
  expiresOn: null,
  updatedAt: "2026-11-30T09:15:00.000Z",
};

export const apiSecretSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    status: apiStatusSchema,
    version: z.number().int().positive().meta({ description: "The current version; every new value makes a new one" }),
    expiresOn: z.iso.date().nullable().meta({ description: "The last day of use (UTC), or null" }),
    updatedAt: z.iso.datetime(),
  })
  .meta({
    id: "Secret",
    description: "A secret's metadata; never its value",
    example: EXAMPLE_SECRET,
  });

export const apiSecretValueSchema = apiSecretSchema.extend({ secretString: z.string().meta({ description: "The current value" }) }).meta({
  id: "SecretWithValue",
  description: "A secret with its current value, for a token with read access while the secret is active",
  example: { ...EXAMPLE_SECRET, secretString: "sk-live-…" },
});

export const apiSecretListSchema = z
  .strictObject({
    secrets: z.array(apiSecretSchema),
    start: z.number().int().min(0),
    count: z.number().int().min(0).meta({ description: "How many are in this page" }),
    total: z.number().int().min(0).meta({ description: "How many match, in all pages" }),
  })
  .meta({ id: "SecretList" });

export const apiVersionsSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    currentVersion: z.number().int().positive(),
    versions: z.array(z.strictObject({ version: z.number().int().positive(), createdAt: z.iso.datetime(), revoked: z.boolean() })),
  })
  .meta({
    id: "SecretVersions",
    description: "The stored versions, newest first; never values",
    example: {
      id: EXAMPLE_ID,
      name: "Search API key",
      currentVersion: 2,
      versions: [
        { version: 2, createdAt: "2026-11-30T09:15:00.000Z", revoked: false },
        { version: 1, createdAt: "2026-11-01T08:00:00.000Z", revoked: true },
      ],
    },
  });

export const apiAccessesSchema = z
  .strictObject({
    secretDefinition: z.strictObject({
      accessList: z.array(
        z.strictObject({
          accessLevel: z.enum(["read", "write"]),
          principalType: z.enum(["user", "role", "service"]),
          principalId: z.string().meta({ description: "A member's, role's or API token's id; \"*\" for All project tools" }),
          principalName: z.string().optional().meta({ description: "A member's email, a role's or token's name" }),
        }),
      ),
    }),
  })
  .meta({
    id: "SecretAccesses",
    example: {
      secretDefinition: {
        accessList: [
          { accessLevel: "write", principalType: "role", principalId: "9b2f…", principalName: "Project Administrator" },
          { accessLevel: "read", principalType: "service", principalId: "*", principalName: "All project tools" },
        ],
      },
    },
  });

export const apiToolConfigSchema = z
  .strictObject({
    tool: z.string(),
    name: z.string(),
    complete: z.boolean().meta({ description: "Every parameter has a usable value" }),
    parameters: z.array(
      z.strictObject({
        key: z.string(),
        type: z.string(),
        fromSecret: z.boolean().meta({ description: "The value comes from a secret the settings name" }),
        value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
        secretName: z.string().optional(),
        status: z
          .enum(["ok", "unset", "missing", "deleted", "revoked", "inactive", "expired", "forbidden", "unconfirmed", "decryption_failed"])
          .meta({
            description:
              "ok, or why the parameter has no value. unconfirmed: the name was saved, before its secret existed, by someone who cannot read that secret; an administrator has to save the tool's settings again",
          }),
      }),
    ),
  })
  .meta({
    id: "ToolConfig",
    example: {
      tool: "web-search",
      name: "Web Search",
      complete: true,
      parameters: [
        { key: "provider", type: "choice", fromSecret: false, value: "Bing", status: "ok" },
        { key: "apiKey", type: "text", fromSecret: true, value: "sk-live-…", secretName: "Search API key", status: "ok" },
        { key: "maxResults", type: "number", fromSecret: false, value: 5, status: "ok" },
        { key: "safeSearch", type: "boolean", fromSecret: false, value: true, status: "ok" },
      ],
    },
  });

export const apiImportResultSchema = z
  .strictObject({
    created: z.array(z.string()).meta({ description: "The names of the new secrets (active, version 1, writable by this token)" }),
    updated: z.array(z.string()).meta({ description: "The existing secrets given a new version (overwrite only)" }),
    skipped: z
      .array(
        z.strictObject({
          line: z.number().int().positive(),
          name: z.string().optional(),
          message: z.string().meta({ description: "Why the line was left out; never its value" }),
        }),
      )
      .meta({ description: "The lines that were not imported, by line number: the first 200 (skippedCount says how many in all)" }),
    skippedCount: z.number().int().nonnegative().meta({ description: "How many lines were not imported" }),
  })
  .meta({
    id: "ImportResult",
    description: "What the import did; the new names were created all together or not at all",
    example: {
      created: ["STRIPE_KEY", "SEARCH_API_KEY"],
      updated: [],
      skipped: [{ line: 4, name: "DATABASE_URL", message: "DATABASE_URL already exists; it was left as it is." }],
      skippedCount: 1,
    },
  });
