import { z } from "zod";
import { MAX_VALUE_BYTES, secretDescriptionSchema, secretNameSchema } from "@/lib/secrets/schema";
import { hasNoNul } from "@/lib/text";

/** The original platform's shapes (see the seed): lower-case statuses, `secretString` for the value. */
export const apiStatusSchema = z.enum(["active", "inactive", "revoked"], "status is active, inactive or revoked");

const secretString = z
  .string()
  .min(1, "secretString must not be empty")
  .refine((v) => Buffer.byteLength(v) <= MAX_VALUE_BYTES, "secretString holds at most 64 KiB");

/** The last day of use, "YYYY-MM-DD" (through 23:59:59.999 UTC), or null for none. */
const apiExpirySchema = z.iso.date("expiresOn is a date, YYYY-MM-DD").nullable();

export const apiCreateSecretSchema = z.strictObject({
  secretDefinition: z.strictObject({
    name: secretNameSchema,
    secretString,
    description: secretDescriptionSchema.optional(),
    status: apiStatusSchema.optional(),
    expiresOn: apiExpirySchema.optional(),
  }),
});

export const apiUpdateSecretSchema = z.strictObject({
  secretDefinition: z
    .strictObject({
      name: secretNameSchema.optional(),
      secretString: secretString.optional(),
      description: secretDescriptionSchema.optional(),
      status: apiStatusSchema.optional(),
      expiresOn: apiExpirySchema.optional(),
    })
    .refine((d) => Object.keys(d).length > 0, "secretDefinition needs at least one field"),
});

export const apiRollbackSchema = z.strictObject({
  version: z.number("version is the number of an earlier version").int("version is a whole number").positive("version starts at 1"),
});

export const apiAccessListSchema = z.strictObject({
  secretDefinition: z.strictObject({
    accessList: z
      .array(
        z.strictObject({
          accessLevel: z.enum(["read", "write"], "accessLevel is read or write"),
          principalType: z.enum(["user", "role", "service"], "principalType is user, role or service"),
          /** A user's id or email, a role's id, a token's id; "*" (or none) for service means All project tools. */
          principalId: z.string().max(254).refine(hasNoNul, "principalId must not contain U+0000").optional(),
        }),
      )
      .max(200),
  }),
});

export const apiListQuerySchema = z.object({
  name: z.string().trim().max(100).refine(hasNoNul, "name must not contain U+0000").optional(),
  id: z.uuid("id is not a valid secret id").optional(),
  start: z.coerce.number().int().min(0, "start is 0 or more").max(1_000_000).default(0),
  count: z.coerce.number().int().min(1, "count is 1 to 100").max(100, "count is 1 to 100").default(10),
});
