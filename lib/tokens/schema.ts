import { z } from "zod";
import { hasNoNul, NUL_MESSAGE } from "@/lib/text";

export const TOKEN_SCOPES = ["READ", "MANAGE"] as const;
export const SCOPE_LABELS = { READ: "Read", MANAGE: "Manage" } as const;

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(60, "A name has at most 60 characters.").refine(hasNoNul, NUL_MESSAGE),
  scope: z.enum(TOKEN_SCOPES, "Choose Read or Manage."),
  /** 0 means the token never expires. */
  expiresInDays: z.coerce.number().int("Whole days only.").min(0, "Days cannot be negative.").max(3650, "At most 3650 days."),
});

export type CreateTokenInput = z.input<typeof createTokenSchema>;
