import { formatExact, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";

const LABELS: Record<string, string> = {
  "secret.create": "Created",
  "secret.update": "Updated",
  "secret.status_change": "Status changed",
  "secret.rollback": "Rolled back",
  "secret.reveal": "Value revealed",
  "secret.copy": "Value copied",
  "secret.delete": "Moved to the Trash",
  "secret.restore": "Restored",
  "secret.purge": "Purged",
  "secret.decrypt_failure": "Decryption failed",
  "secret.resolve": "Resolved for a tool",
  "secret.access_add": "Access added",
  "secret.access_change": "Access changed",
  "secret.access_remove": "Access removed",
  "secret.access_replace": "Accesses replaced",
  "api.secrets.get": "Read through the API",
  "api.secrets.create": "API: create",
  "api.secrets.update": "API: update",
  "api.secrets.accesses.get": "API: accesses read",
  "api.secrets.versions": "API: versions listed",
  "api.secrets.rollback": "API: roll back",
  "api.secrets.accesses.set": "API: accesses set",
};

type Event = {
  id: string;
  action: string;
  actorLabel: string;
  outcome: string;
  reason: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
};

function describe(event: Event): string {
  const d = event.details;
  if (event.action === "secret.update" && Array.isArray(d.changes)) return `${(d.changes as string[]).join(", ")} · version ${d.version}`;
  if (event.action === "secret.status_change") return `${d.from} → ${d.to}`;
  if (event.action === "secret.rollback") return `value of version ${d.to} · version ${d.version}`;
  if (typeof d.version === "number") return `version ${d.version}`;
  return "";
}

/** Who did what to a secret, newest first, from the audit log. */
export function SecretHistory({ events }: { events: Event[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">No history yet.</p>;
  return (
    <ol className="divide-y divide-slate-100 text-sm" aria-label="History">
      {events.map((event) => (
        <li key={event.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
          <Badge tone={event.outcome === "ALLOWED" ? "neutral" : "danger"}>
            {LABELS[event.action] ?? event.action}
            {event.outcome !== "ALLOWED" && ` (${event.outcome.toLowerCase()})`}
          </Badge>
          <span className="text-slate-700">{event.actorLabel}</span>
          <span className="text-slate-500">{describe(event)}</span>
          {event.reason && <span className="text-slate-500">· {event.reason}</span>}
          <time className="ml-auto text-xs text-slate-500" dateTime={event.createdAt.toISOString()} title={formatExact(event.createdAt)}>
            {formatRelative(event.createdAt)}
          </time>
        </li>
      ))}
    </ol>
  );
}
