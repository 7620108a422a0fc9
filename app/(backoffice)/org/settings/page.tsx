import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { hasSecondFactor } from "@/lib/auth/two-factor";
import { canManageOrganization } from "@/lib/authz/policy";
import { getOrgGrant, requireUser } from "@/lib/authz/session";
import { getOrganizationSecurity } from "@/lib/organization/settings";
import { SecurityForm } from "./security-form";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage() {
  const user = await requireUser();
  const org = await getOrgGrant(user.id);
  if (!org) notFound();
  const isAdmin = canManageOrganization(org);
  const [security, ownSecondFactor] = await Promise.all([getOrganizationSecurity(org.organizationId), hasSecondFactor(user.id)]);
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
    </>
  );
}
