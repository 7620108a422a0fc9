import { z } from "zod";
import { isPermission } from "@/lib/authz/permissions";
import { emailSchema, newPasswordSchema } from "@/lib/auth/schema";
import { hasNoNul, NUL_MESSAGE } from "@/lib/text";

/** Each role once (the same id twice, in any case, is one choice: never a failed insert). */
const roleIds = z
  .array(z.uuid("Unknown role."))
  .min(1, "Choose at least one role.")
  .max(20)
  .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);

export const addMemberSchema = z.object({ email: emailSchema, roleIds });
export const memberRolesSchema = z.object({ roleIds });

export const acceptInvitationSchema = z
  .object({
    name: z.string().trim().min(1, "Enter your name.").max(100, "A name has at most 100 characters.").refine(hasNoNul, NUL_MESSAGE),
    password: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." });

export const roleSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a role name.")
    .max(60, "A role name has at most 60 characters.")
    .regex(/^[\p{L}\p{N} _.\-()]+$/u, "Use letters, digits, spaces and _ - . ( ) only."),
  description: z.string().trim().max(300, "A description has at most 300 characters.").refine(hasNoNul, NUL_MESSAGE).default(""),
  permissions: z.array(z.string().refine(isPermission, "Unknown permission.")).max(50),
});

export const makeProjectAdminSchema = z.object({ userId: z.uuid("Choose a person."), projectId: z.uuid("Choose a project.") });

export type AddMemberInput = z.input<typeof addMemberSchema>;
export type RoleInput = z.input<typeof roleSchema>;
