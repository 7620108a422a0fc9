import { z } from "zod";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** "user:<id>", "role:<id>", "token:<id>" or "all_tools". */
export const principalKeySchema = z.string().regex(new RegExp(`^(?:(?:user|role|token):${UUID}|all_tools)$`), "Choose who gets access.");
export const accessLevelSchema = z.enum(["READ", "WRITE"], "Choose Read or Write.");

export const addAccessSchema = z.object({ principal: principalKeySchema, level: accessLevelSchema });
export const changeAccessSchema = z.object({ level: accessLevelSchema });

export const ACCESS_LEVEL_LABELS = { READ: "Read", WRITE: "Write" } as const;
