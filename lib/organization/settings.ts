import "server-only";
import { z } from "zod";
import { invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { hasSecondFactor } from "@/lib/auth/two-factor";
import { db } from "@/lib/db";

export type OrganizationSecurity = { requireAdminTwoFactor: boolean };

export async function getOrganizationSecurity(organizationId: string): Promise<OrganizationSecurity> {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { requireAdminTwoFactor: true } });
  return { requireAdminTwoFactor: Boolean(org?.requireAdminTwoFactor) };
}

const securitySchema = z.strictObject({ requireAdminTwoFactor: z.boolean({ error: "Choose whether to require it." }) });

/**
 * Turns "require two-factor sign-in for administrators" on or off (organization administrators only; the caller
 * checks). Turned on only by someone who signs in with a second factor themselves, so the person turning it on
 * is not the first one locked out of their own pages. Audited.
 */
export async function setOrganizationSecurity(
  organizationId: string,
  input: unknown,
  actor: Actor,
): Promise<ActionResult<OrganizationSecurity>> {
  const parsed = securitySchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { requireAdminTwoFactor } = parsed.data;
  if (requireAdminTwoFactor && !(actor.id && (await hasSecondFactor(actor.id)))) {
    return {
      ok: false,
      code: "invalid_state",
      message: "Set up two-factor sign-in for yourself first (user menu → Two-factor sign-in), then require it of every administrator.",
    };
  }
  const { count } = await db.organization.updateMany({
    where: { id: organizationId, requireAdminTwoFactor: !requireAdminTwoFactor },
    data: { requireAdminTwoFactor },
  });
  if (count === 0) return { ok: true, requireAdminTwoFactor };
  await recordAudit(db, actor, {
    action: "org.security_change",
    targetType: "organization",
    targetId: organizationId,
    details: { requireAdminTwoFactor },
  });
  return { ok: true, requireAdminTwoFactor };
}
