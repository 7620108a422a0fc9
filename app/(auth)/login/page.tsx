import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/authz/session";
import { readSsoTicket, SSO_MESSAGES, ssoConfig, ssoTicketCookieName } from "@/lib/auth/sso";
import { secondFactors } from "@/lib/auth/two-factor";
import { LoginForm } from "./login-form";
import { SsoSecondStep } from "./sso-second-step";

export const metadata: Metadata = { title: "Sign in" };

type Search = { callbackUrl?: string | string[]; sso?: string | string[]; error?: string | string[] };

/** What the sign-in page says after a single sign-on (`?sso=`) or Auth.js (`?error=`) came back refused. */
function noticeFor({ sso, error }: Search): string | null {
  if (typeof sso === "string" && Object.hasOwn(SSO_MESSAGES, sso)) return SSO_MESSAGES[sso as keyof typeof SSO_MESSAGES];
  if (typeof error === "string") return "Signing in did not complete. Try again.";
  return null;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  if (await getCurrentUser()) redirect("/");
  const search = await searchParams;
  const callbackUrl = search.callbackUrl;
  const sso = ssoConfig();
  // After the identity provider: the second step, while its ticket lasts.
  const ticket = sso && search.sso === "second_factor" ? await readSsoTicket((await cookies()).get(ssoTicketCookieName())?.value) : null;
  const secondStep = ticket ? { email: ticket.email, methods: await secondFactors(ticket.userId) } : null;
  const notice = search.sso === "second_factor" && !secondStep ? SSO_MESSAGES.expired : noticeFor(search);
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          {/* eslint-disable-next-line @next/next/no-img-element -- a 44 px SVG from public/, nothing to optimise */}
          <img src="/mark.svg" alt="" width={44} height={44} className="size-11" />
          <h1 className="text-xl font-semibold">Enterprise AI</h1>
          <p className="text-sm text-slate-600">Sign in to the backoffice</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          {secondStep ? (
            <SsoSecondStep
              email={secondStep.email}
              methods={secondStep.methods}
              notice={notice}
              callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined}
            />
          ) : (
            <LoginForm
              callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined}
              sso={sso ? { name: sso.name } : null}
              notice={notice}
            />
          )}
        </div>
      </div>
    </main>
  );
}
