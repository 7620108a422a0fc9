import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { administersUnderRequirement, twoFactorStatus } from "@/lib/auth/two-factor";
import { requireUser } from "@/lib/authz/session";
import { TwoFactorPanel } from "./two-factor-panel";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function TwoFactorPage() {
  const user = await requireUser({ setUp: true });
  const [status, required] = await Promise.all([twoFactorStatus(user.id), administersUnderRequirement(user.id)]);
  return (
    <>
      <PageHeader
        title="Two-factor sign-in"
        description="After your password, sign-in asks for a six-digit code from an authenticator app on your phone (Google Authenticator, 1Password, Authy…). Turning it on or off signs out your other sessions."
      />
      {user.mustSetUpSecondFactor && (
        <div role="status" className="mb-4 max-w-2xl rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Your organization requires two-factor sign-in for administrators. Set it up to continue: the rest of the backoffice opens once it
          is on.
        </div>
      )}
      <Card className="max-w-2xl p-6">
        <TwoFactorPanel
          enabledAt={status.enabledAt?.toISOString() ?? null}
          recoveryCodesLeft={status.recoveryCodesLeft}
          required={required}
        />
      </Card>
    </>
  );
}
