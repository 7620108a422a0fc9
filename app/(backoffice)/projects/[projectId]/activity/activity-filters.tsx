"use client";
import { Button } from "@/components/ui/button";
import { LogFilterFields } from "@/components/ui/data-table/log-filters";
import { FilterSelect, Toolbar } from "@/components/ui/data-table/toolbar";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";

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
    <Toolbar>
      <FilterSelect
        id="filter-person"
        label="Person"
        param="person"
        value={values.person}
        all="Everyone"
        options={people.map((p) => ({ value: p.id, label: p.label }))}
      />
      <FilterSelect
        id="filter-kind"
        label="Action"
        param="kind"
        value={values.kind}
        all="Every action"
        options={kinds.map((k) => ({ value: k.key, label: k.label }))}
      />
      <LogFilterFields values={values} update={update} exportHref={exportHref}>
        {filtered && (
          <Button variant="ghost" onClick={() => update({ person: null, kind: null, secret: null, from: null, to: null })}>
            Clear filters
          </Button>
        )}
      </LogFilterFields>
    </Toolbar>
  );
}
