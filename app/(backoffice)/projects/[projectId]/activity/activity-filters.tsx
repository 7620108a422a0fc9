"use client";
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";
import { Input } from "@/components/ui/input";
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
      {filtered && (
        <Button variant="ghost" onClick={() => update({ person: null, kind: null, secret: null, from: null, to: null })}>
          Clear filters
        </Button>
      )}
      <Button asChild variant="outline" className="ml-auto">
        <a href={exportHref} download>
          <Download aria-hidden /> Export CSV
        </a>
      </Button>
    </div>
  );
}
