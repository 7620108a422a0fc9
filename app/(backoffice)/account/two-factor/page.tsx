import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { lastRequiredFactor, secondFactors, twoFactorStatus } from "@/lib/auth/two-factor";
import { HasPasswordProvider } from "@/components/forms/current-password";
import { hasPassword } from "@/lib/auth/password-change";
import { requireUser } from "@/lib/authz/session";
import { TwoFactorPanel } from "./two-factor-panel";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function TwoFactorPage() {
  const user = await requireUser({ setUp: true });
  const [status, required, factors, withPassword] = await Promise.all([
    twoFactorStatus(user.id),
    lastRequiredFactor(user.id, "totp"),
    secondFactors(user.id),
    hasPassword(user.id),
  ]);
  return (
    <>
      <PageHeader
        title="Two-factor sign-in"
        description="After your password, sign-in asks for a six-digit code from an authenticator app on your phone (Google Authenticator, 1Password, Authy…). Turning it on or off signs out your other sessions."
      />
      {user.mustSetUpSecondFactor && (
        <div role="status" className="mb-4 max-w-2xl rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Your organization requires two-factor sign-in for administrators. Set up an authenticator app below, or{" "}
          <Link href="/account/passkeys" className="font-medium underline">
            add a passkey
          </Link>
          , to continue: the rest of the backoffice opens once you have one.
        </div>
      )}
      <Card className="max-w-2xl p-6">
        <HasPasswordProvider value={withPassword}>
          <TwoFactorPanel
            enabledAt={status.enabledAt?.toISOString() ?? null}
            recoveryCodesLeft={status.recoveryCodesLeft}
            required={required}
            hasPasskey={factors.passkey}
          />
        </HasPasswordProvider>
      </Card>
    </>
  );
}
