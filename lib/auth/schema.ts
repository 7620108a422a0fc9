import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .min(1, "Enter an email address.")
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email("Enter a valid email address."))
  .transform((email) => email.toLowerCase());

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(200, "A password has at most 200 characters."),
  /** The second factor, for an account that has one: six digits from the app, or a recovery code. */
  code: z.string().trim().max(32, "A code has at most 32 characters.").optional(),
  /** Or a passkey as the second factor: the browser's assertion, as JSON (lib/auth/passkeys.ts). */
  passkey: z.string().max(16_384).optional(),
});

/** A sign-in with a passkey alone: the browser's assertion, as JSON. */
export const passkeySignInSchema = z.strictObject({ passkey: z.string().min(1).max(16_384) });

/** The second factor after a single sign-on (the provider's part is in a short-lived cookie): a code or a passkey. */
export const ssoSecondFactorSchema = z.strictObject({
  sso: z.literal(true),
  code: z.string().trim().max(32, "A code has at most 32 characters.").optional(),
  passkey: z.string().max(16_384).optional(),
});

/** A new password: the invitation's rule and the password change's. */
export const newPasswordSchema = z.string().min(12, "Use at least 12 characters.").max(200, "A password has at most 200 characters.");

export const changePasswordSchema = z
  .object({
    current: z.string().min(1, "Enter your current password.").max(200, "A password has at most 200 characters."),
    password: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." })
  .refine((v) => v.password !== v.current, { path: ["password"], message: "Choose a password other than your current one." });

export type SignInInput = z.input<typeof signInSchema>;
