import type { Metadata } from "next";
import { headers } from "next/headers";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { listPasskeys, NO_RELYING_PARTY, relyingPartyFrom } from "@/lib/auth/passkeys";
import { secondFactors } from "@/lib/auth/two-factor";
import { HasPasswordProvider } from "@/components/forms/current-password";
import { hasPassword } from "@/lib/auth/password-change";
import { requireUser } from "@/lib/authz/session";
import { PasskeysPanel } from "./passkeys-panel";

export const metadata: Metadata = { title: "Passkeys" };

/** The signed-in person's passkeys: add one (this device, a phone, a security key), see when each was used, remove one. */
export default async function PasskeysPage() {
  const user = await requireUser({ setUp: true });
  const [passkeys, requestHeaders, factors, withPassword] = await Promise.all([
    listPasskeys(user.id),
    headers(),
    secondFactors(user.id),
    hasPassword(user.id),
  ]);
  const unavailable = relyingPartyFrom(requestHeaders) ? null : NO_RELYING_PARTY;
  return (
    <>
      <PageHeader
        title="Passkeys"
        description="Sign in with your fingerprint, face or device PIN instead of a password. Once you have a passkey, signing in with your password asks for it too (or for your authenticator app's code). Adding or removing one signs out your other sessions."
      />
      <Card className="max-w-2xl p-6">
        <HasPasswordProvider value={withPassword}>
          <PasskeysPanel
            passkeys={passkeys.map((p) => ({
              id: p.id,
              name: p.name,
              createdAt: p.createdAt.toISOString(),
              lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
              backedUp: p.backedUp,
            }))}
            unavailable={unavailable}
            hasTotp={factors.totp}
          />
        </HasPasswordProvider>
      </Card>
    </>
  );
}
