import { z } from "zod";
import type { ToolDefinition } from "@/lib/tools/catalog";
import { secretNameSchema } from "@/lib/secrets/schema";
import { hasNoNul, NUL_MESSAGE } from "@/lib/text";

/**
 * The settings form of one tool, built from its parameter list: every value
 * is a string in the form (as typed), checked by type; a confidential
 * parameter takes only a secret name. Saving takes settings as they are
 * (`allowIncomplete`): a required setting left empty makes the tool
 * Incomplete, it never blocks the save.
 */
export function toolSettingsSchema(tool: ToolDefinition, { allowIncomplete = false }: { allowIncomplete?: boolean } = {}) {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const p of tool.parameters) {
    let field: z.ZodType<string>;
    if (p.confidential) {
      field = z.union([z.literal(""), secretNameSchema]) as z.ZodType<string>;
    } else if (p.type === "number") {
      field = z
        .string()
        .trim()
        .refine((v) => v === "" || /^-?\d+$/.test(v), "Enter a whole number.")
        .refine(
          (v) => v === "" || ((p.min === undefined || Number(v) >= p.min) && (p.max === undefined || Number(v) <= p.max)),
          `Enter a number from ${p.min} to ${p.max}.`,
        );
    } else if (p.type === "boolean") {
      field = z.enum(["true", "false", ""], "Choose yes or no.");
    } else if (p.type === "choice") {
      field = z.string().refine((v) => v === "" || (p.choices ?? []).includes(v), `Choose one of ${(p.choices ?? []).join(", ")}.`);
    } else if (p.type === "url") {
      field = z
        .string()
        .trim()
        .max(2000, "A URL has at most 2000 characters.")
        .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "Enter an http(s) URL.");
    } else {
      field = z.string().trim().max(500, "At most 500 characters.").refine(hasNoNul, NUL_MESSAGE);
    }
    shape[p.key] =
      p.required && !allowIncomplete
        ? field.refine((v) => v !== "", p.confidential ? "Choose or type a secret name." : "This setting is required.")
        : field;
  }
  return z.strictObject(shape);
}
