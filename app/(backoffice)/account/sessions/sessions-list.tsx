"use client";
import { LogOut, Monitor } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { callAction } from "@/components/forms/call-action";
import { formatExact, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { signOutEverywhereAction, signOutSessionAction } from "../actions";

export type SessionRow = { id: string; device: string; ip: string; signedInAt: string; lastSeenAt: string; current: boolean };

export function SessionsList({ sessions }: { sessions: SessionRow[] }) {
  const router = useRouter();
  return (
    <div>
      <ul aria-label="Signed-in sessions" className="divide-y divide-slate-200">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
            <Monitor className="size-5 shrink-0 text-slate-400" aria-hidden />
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                <span className="break-words">{session.device}</span>
                {session.current && <Badge>This session</Badge>}
              </p>
              <p className="text-sm text-slate-600">
                {session.ip} · signed in{" "}
                <time dateTime={session.signedInAt} title={formatExact(new Date(session.signedInAt))}>
                  {formatRelative(new Date(session.signedInAt))}
                </time>{" "}
                · last seen{" "}
                <time dateTime={session.lastSeenAt} title={formatExact(new Date(session.lastSeenAt))}>
                  {formatRelative(new Date(session.lastSeenAt))}
                </time>
              </p>
            </div>
            {!session.current && (
              <ConfirmDialog
                trigger={
                  <Button variant="outline" size="sm" aria-label={`Sign out ${session.device} (${session.ip})`}>
                    <LogOut aria-hidden /> Sign out
                  </Button>
                }
                title="Sign out this session?"
                description={`${session.device} at ${session.ip} is signed out on its next request. Whoever uses it must sign in again.`}
                confirmLabel="Sign out session"
                onConfirm={async () => {
                  const result = await callAction(() => signOutSessionAction(session.id));
                  if (!result.ok) {
                    toast.error(result.message);
                    router.refresh();
                    return false;
                  }
                  toast.success(`${session.device} signed out.`);
                  router.refresh();
                  return true;
                }}
              />
            )}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 sm:px-6">
        <p className="text-sm text-slate-600">
          {sessions.length === 1 ? "This is your only session." : `${sessions.length} sessions signed in.`}
        </p>
        <ConfirmDialog
          trigger={
            <Button variant="destructive">
              <LogOut aria-hidden /> Sign out everywhere
            </Button>
          }
          title="Sign out everywhere?"
          description="Every session, this one included, is signed out on its next request. You will sign in again here."
          confirmLabel="Sign out everywhere"
          onConfirm={async () => {
            const result = await callAction(() => signOutEverywhereAction({ confirm: true }));
            if (!result.ok) {
              toast.error(result.message);
              return false;
            }
            return true;
          }}
        />
      </div>
    </div>
  );
}
