import type { Metadata } from "next";
import { UAParser } from "ua-parser-js";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { listSessions } from "@/lib/auth/sessions";
import { getSessionId, requireUser } from "@/lib/authz/session";
import { SessionsList, type SessionRow } from "./sessions-list";

export const metadata: Metadata = { title: "Sessions" };

/** "Firefox 120 on Linux", from a user agent; a readable fallback for what a parser cannot name. */
function deviceOf(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const { browser, os } = new UAParser(userAgent).getResult();
  const name = browser.name
    ? `${browser.name}${browser.major ? ` ${browser.major}` : ""}`
    : userAgent.split(/[\s/]/)[0] || "Unknown browser";
  return os.name ? `${name} on ${os.name}` : name;
}

/** The signed-in user's sessions: where each is signed in, from where, when it was last used; sign out any of them. */
export default async function SessionsPage() {
  const user = await requireUser();
  const [sessions, current] = await Promise.all([listSessions(user.id), getSessionId()]);
  const rows: SessionRow[] = sessions.map((s) => ({
    id: s.id,
    device: deviceOf(s.userAgent),
    ip: s.ip ?? "unknown address",
    signedInAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    current: s.id === current?.sid,
  }));
  // The current session first.
  rows.sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <>
      <PageHeader
        title="Sessions"
        description="Where you are signed in. Signing a session out takes effect on its next request, on every server; sign out everywhere if a device was lost or a password may be known to someone else."
      />
      <Card>
        <SessionsList sessions={rows} />
      </Card>
    </>
  );
}
