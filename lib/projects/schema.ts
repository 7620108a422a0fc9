import { z } from "zod";
import { emailSchema } from "@/lib/auth/schema";
import { hasNoNul, NUL_MESSAGE } from "@/lib/text";

export const projectNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a project name.")
  .max(80, "A project name has at most 80 characters.")
  .regex(/^[\p{L}\p{N} _.\-()]+$/u, "Use letters, digits, spaces and _ - . ( ) only.");

export const createProjectSchema = z.object({
  name: projectNameSchema,
  description: z.string().trim().max(500, "A description has at most 500 characters.").refine(hasNoNul, NUL_MESSAGE).default(""),
  adminEmail: emailSchema,
});

export type CreateProjectInput = z.input<typeof createProjectSchema>;
