"use client";
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";
import { Input } from "@/components/ui/input";
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
      <div className="grid gap-1">
        <Label htmlFor="filter-secret">Secret</Label>
        <Input
          id="filter-secret"
          defaultValue={values.secret}
          placeholder="Name contains…"
          className="w-48"
          onKeyDown={(e) => e.key === "Enter" && update({ secret: e.currentTarget.value.trim() })}
          onBlur={(e) => e.currentTarget.value.trim() !== (values.secret ?? "") && update({ secret: e.currentTarget.value.trim() })}
        />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="filter-from">From</Label>
        <Input
          id="filter-from"
          type="date"
          defaultValue={values.from}
          className="w-40"
          onChange={(e) => update({ from: e.target.value })}
        />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="filter-to">To</Label>
        <Input id="filter-to" type="date" defaultValue={values.to} className="w-40" onChange={(e) => update({ to: e.target.value })} />
      </div>
      <Button asChild variant="outline" className="ml-auto">
        <a href={exportHref} download>
          <Download aria-hidden /> Export CSV
        </a>
      </Button>
    </div>
  );
}
