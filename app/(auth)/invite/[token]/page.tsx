import type { Metadata } from "next";
import { KeyRound } from "lucide-react";
import Link from "next/link";
import { findUsableInvitation } from "@/lib/members/invitations";
import { AcceptInvitationForm } from "./accept-form";

export const metadata: Metadata = { title: "Join the project" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findUsableInvitation(token);
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <span className="flex size-11 items-center justify-center rounded-lg bg-primary text-white">
            <KeyRound className="size-6" aria-hidden />
          </span>
          <h1 className="text-xl font-semibold">Enterprise AI</h1>
          {invitation && (
            <p className="text-sm text-slate-600">
              Choose a password for {invitation.user.email}
              {invitation.project ? ` to join ${invitation.project.name}` : ""}.
            </p>
          )}
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          {invitation ? (
            <AcceptInvitationForm token={token} defaultName={invitation.user.name} />
          ) : (
            <div className="grid gap-3 text-sm">
              <p role="alert" className="text-red-700">
                This invitation link has expired or was already used. Ask a project administrator for a new one.
              </p>
              <Link href="/login" className="text-primary hover:underline">
                Go to sign in
              </Link>
            </div>
          )}
        </div>
      </div>
    </main>
  );
}
