import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { twoFactorStatus } from "@/lib/auth/two-factor";
import { requireUser } from "@/lib/authz/session";
import { TwoFactorPanel } from "./two-factor-panel";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function TwoFactorPage() {
  const user = await requireUser();
  const status = await twoFactorStatus(user.id);
  return (
    <>
      <PageHeader
        title="Two-factor sign-in"
        description="After your password, sign-in asks for a six-digit code from an authenticator app on your phone (Google Authenticator, 1Password, Authy…). Turning it on or off signs out your other sessions."
      />
      <Card className="max-w-2xl p-6">
        <TwoFactorPanel enabledAt={status.enabledAt?.toISOString() ?? null} recoveryCodesLeft={status.recoveryCodesLeft} />
      </Card>
    </>
  );
}
