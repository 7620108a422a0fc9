import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { hasPassword } from "@/lib/auth/password-change";
import { requireUser } from "@/lib/authz/session";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Password" };

export default async function PasswordPage() {
  const user = await requireUser();
  const withPassword = await hasPassword(user.id);
  return (
    <>
      <PageHeader
        title="Password"
        description="Change the password you sign in with. Every other session signed in as you is signed out on its next request; this one goes on."
      />
      <Card className="max-w-xl p-6">
        {withPassword ? (
          <ChangePasswordForm />
        ) : (
          <p className="text-sm text-slate-700">
            You sign in with single sign-on: you have no password here, and your identity provider keeps the one you use.
          </p>
        )}
      </Card>
    </>
  );
}
