"use client";
import { LogFilterFields } from "@/components/ui/data-table/log-filters";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

/** Filters of the requests log, kept in the URL. */
export function RequestFilters({
  tokens,
  values,
  exportHref,
}: {
  tokens: { id: string; name: string; prefix: string }[];
  values: { outcome?: string; token?: string; secret?: string; from?: string; to?: string };
  /** The CSV export of what the filters select. */
  exportHref: string;
}) {
  const { update } = useUrlQuery();
  return (
    <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3">
      <div className="grid gap-1">
        <Label htmlFor="filter-outcome">Outcome</Label>
        <Select value={values.outcome ?? "all"} onValueChange={(v) => update({ outcome: v === "all" ? null : v })}>
          <SelectTrigger id="filter-outcome" className="w-36">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All</SelectItem>
            <SelectItem value="ALLOWED">Allowed</SelectItem>
            <SelectItem value="DENIED">Denied</SelectItem>
            <SelectItem value="FAILED">Failed</SelectItem>
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="filter-token">Token</Label>
        <Select value={values.token ?? "all"} onValueChange={(v) => update({ token: v === "all" ? null : v })}>
          <SelectTrigger id="filter-token" className="w-48">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All tokens</SelectItem>
            {tokens.map((t) => (
              <SelectItem key={t.id} value={t.id}>
                {t.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <LogFilterFields values={values} update={update} exportHref={exportHref} />
    </div>
  );
}
