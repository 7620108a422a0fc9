import "server-only";
import { z } from "zod";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
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

/** The email domains whose people a first single sign-on admits as members (lib/auth/sso.ts). */
export async function getSsoSignUpDomains(organizationId: string): Promise<string[]> {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { ssoSignUpDomains: true } });
  return org?.ssoSignUpDomains ?? [];
}

/** Mail services where anyone can have an address: never admitted by domain. */
const PUBLIC_MAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.de",
  "web.de",
  "mail.com",
  "yandex.ru",
  "qq.com",
  "163.com",
  "yahoo.co.uk",
  "yahoo.fr",
  "yahoo.de",
  "ymail.com",
  "outlook.de",
  "hotmail.co.uk",
  "hotmail.fr",
  "live.co.uk",
  "gmx.net",
  "gmx.at",
  "pm.me",
  "fastmail.com",
  "mail.ru",
  "yandex.com",
  "zoho.com",
  "tutanota.com",
  "hey.com",
]);

/** At most this many domains per organization. */
export const MAX_SSO_DOMAINS = 20;

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const domainsSchema = z.strictObject({ domains: z.string({ error: "Enter domain names." }).max(5000, "That list is too long.") });

/**
 * Sets "allow sign-up from these domains": a person whose identity provider verified an email at one of them, and
 * who has no account here, becomes a member of this organization at their first single sign-on. The list is
 * written whole (space, comma or line separated; empty turns it off); a domain belongs to one organization only.
 * Organization administrators only (the caller checks). Audited.
 */
export async function setSsoSignUpDomains(
  organizationId: string,
  input: unknown,
  actor: Actor,
): Promise<ActionResult<{ domains: string[] }>> {
  const parsed = domainsSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const domains = [
    ...new Set(
      parsed.data.domains
        .split(/[\s,;]+/)
        .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
        .filter(Boolean),
    ),
  ];
  const wrong = domains.find((domain) => !DOMAIN.test(domain));
  if (wrong !== undefined) return fieldError("domains", `“${wrong.slice(0, 80)}” is not a domain name, such as example.com.`);
  if (domains.length > MAX_SSO_DOMAINS) return fieldError("domains", `At most ${MAX_SSO_DOMAINS} domains.`);
  // Only a domain the organization's own administrators have addresses at, and never a public mail service's:
  // an organization cannot take in the people of a company it is not, nor everyone with a webmail address.
  const admins = await db.organizationMember.findMany({
    where: { organizationId, role: "ADMIN" },
    select: { user: { select: { email: true } } },
  });
  const own = new Set(admins.map((a) => a.user.email.slice(a.user.email.lastIndexOf("@") + 1)));
  const publicMail = domains.find((domain) => PUBLIC_MAIL_DOMAINS.has(domain));
  if (publicMail) return fieldError("domains", `${publicMail} is a public mail service: anyone can have an address there.`);
  const foreign = domains.find((domain) => !own.has(domain));
  if (foreign) {
    return fieldError(
      "domains",
      `${foreign} is not the domain of an administrator of this organization: only your administrators' own domains can be admitted.`,
    );
  }
  return db.$transaction(async (tx) => {
    // One writer of domain claims at a time, so two organizations cannot claim the same domain at once.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('organization-sso-domains'))`;
    const other = domains.length
      ? await tx.organization.findFirst({
          where: { id: { not: organizationId }, ssoSignUpDomains: { hasSome: domains } },
          select: { ssoSignUpDomains: true },
        })
      : null;
    if (other) {
      const taken = domains.find((domain) => other.ssoSignUpDomains.includes(domain))!;
      return fieldError("domains", `${taken} is already admitted by another organization.`);
    }
    const current = await tx.organization.findUnique({ where: { id: organizationId }, select: { ssoSignUpDomains: true } });
    if (!current) return { ok: false as const, code: "not_found" as const, message: "This organization no longer exists." };
    if (current.ssoSignUpDomains.join(" ") === domains.join(" ")) return { ok: true as const, domains };
    await tx.organization.update({ where: { id: organizationId }, data: { ssoSignUpDomains: domains } });
    await recordAudit(tx, actor, {
      action: "org.security_change",
      targetType: "organization",
      targetId: organizationId,
      details: { ssoSignUpDomains: domains },
    });
    return { ok: true as const, domains };
  });
}
