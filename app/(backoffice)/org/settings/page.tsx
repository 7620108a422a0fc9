import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { hasSecondFactor } from "@/lib/auth/two-factor";
import { canManageOrganization } from "@/lib/authz/policy";
import { getOrgGrant, requireUser } from "@/lib/authz/session";
import { ssoConfig } from "@/lib/auth/sso";
import { getOrganizationSecurity, getSsoSignUpDomains } from "@/lib/organization/settings";
import { SecurityForm } from "./security-form";
import { SsoDomainsForm } from "./sso-form";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage() {
  const user = await requireUser();
  const org = await getOrgGrant(user.id);
  if (!org) notFound();
  const isAdmin = canManageOrganization(org);
  const [security, ownSecondFactor, domains] = await Promise.all([
    getOrganizationSecurity(org.organizationId),
    hasSecondFactor(user.id),
    getSsoSignUpDomains(org.organizationId),
  ]);
  const sso = ssoConfig();
  return (
    <>
      <PageHeader
        title="Organization settings"
        description={
          isAdmin
            ? "How people of the organization sign in."
            : "How people of the organization sign in. Organization administrators change these."
        }
      />
      <Card className="max-w-2xl p-6">
        <h2 className="text-base font-semibold text-slate-900">Sign-in security</h2>
        <SecurityForm requireAdminTwoFactor={security.requireAdminTwoFactor} canChange={isAdmin} ownSecondFactor={ownSecondFactor} />
      </Card>
      <Card className="mt-6 max-w-2xl p-6">
        <h2 className="text-base font-semibold text-slate-900">Single sign-on</h2>
        <p className="mt-1 text-sm text-slate-600">
          {sso ? (
            <>
              People sign in with <strong className="font-medium text-slate-900">{sso.name}</strong> ({new URL(sso.issuer).host}); an
              account here is linked to the provider&apos;s by its verified email.
            </>
          ) : (
            <>Not set up on this server: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET to offer it (see the README).</>
          )}
        </p>
        <SsoDomainsForm domains={domains} canChange={isAdmin} />
      </Card>
    </>
  );
}
