import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/authz/session";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Password" };

export default async function PasswordPage() {
  await requireUser();
  return (
    <>
      <PageHeader
        title="Password"
        description="Change the password you sign in with. Every other session signed in as you is signed out on its next request; this one goes on."
      />
      <Card className="max-w-xl p-6">
        <ChangePasswordForm />
      </Card>
    </>
  );
}
