"use client";
import { Button } from "@/components/ui/button";
import { LogFilterFields } from "@/components/ui/data-table/log-filters";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

/** Filters of the Activity, kept in the URL: person, kind of action, secret, dates. */
export function ActivityFilters({
  people,
  kinds,
  values,
  exportHref,
}: {
  people: { id: string; label: string }[];
  kinds: { key: string; label: string }[];
  values: { person?: string; kind?: string; secret?: string; from?: string; to?: string };
  exportHref: string;
}) {
  const { update } = useUrlQuery();
  const filtered = Object.values(values).some(Boolean);
  return (
    <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3">
      <div className="grid gap-1">
        <Label htmlFor="filter-person">Person</Label>
        <Select value={values.person ?? "all"} onValueChange={(v) => update({ person: v === "all" ? null : v })}>
          <SelectTrigger id="filter-person" className="w-48">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">Everyone</SelectItem>
            {people.map((p) => (
              <SelectItem key={p.id} value={p.id}>
                {p.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="filter-kind">Action</Label>
        <Select value={values.kind ?? "all"} onValueChange={(v) => update({ kind: v === "all" ? null : v })}>
          <SelectTrigger id="filter-kind" className="w-48">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">Every action</SelectItem>
            {kinds.map((k) => (
              <SelectItem key={k.key} value={k.key}>
                {k.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <LogFilterFields values={values} update={update} exportHref={exportHref}>
        {filtered && (
          <Button variant="ghost" onClick={() => update({ person: null, kind: null, secret: null, from: null, to: null })}>
            Clear filters
          </Button>
        )}
      </LogFilterFields>
    </div>
  );
}
