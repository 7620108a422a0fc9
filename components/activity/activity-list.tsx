import { formatExact, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import type { ActivityEntry } from "@/lib/audit/describe";

/** Entries of the audit log as sentences, newest first: the Dashboard, a secret's History, the Activity view. */
export function ActivityList({ entries, label, empty }: { entries: ActivityEntry[]; label: string; empty: string }) {
  if (entries.length === 0) return <p className="px-5 py-8 text-center text-sm text-slate-500">{empty}</p>;
  return (
    <ol className="divide-y divide-slate-100 text-sm" aria-label={label}>
      {entries.map((entry) => (
        <li key={entry.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-5 py-3">
          <p className="min-w-0 flex-1 text-slate-700">
            {entry.sentence}.
            {entry.outcome !== "ALLOWED" && (
              <>
                {" "}
                <Badge tone="danger">{entry.outcome === "DENIED" ? "Refused" : "Failed"}</Badge>
                {entry.reason && <span className="ml-1 text-xs text-slate-500">{entry.reason}</span>}
              </>
            )}
          </p>
          <time className="text-xs text-slate-500" dateTime={entry.createdAt.toISOString()} title={formatExact(entry.createdAt)}>
            {formatRelative(entry.createdAt)}
          </time>
        </li>
      ))}
    </ol>
  );
}
