import { z } from "zod";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** "user:<id>", "role:<id>", "token:<id>" or "all_tools". */
export const principalKeySchema = z.string().regex(new RegExp(`^(?:(?:user|role|token):${UUID}|all_tools)$`), "Choose who gets access.");
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
