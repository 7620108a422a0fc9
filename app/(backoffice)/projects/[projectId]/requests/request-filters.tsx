"use client";
import { LogFilterFields } from "@/components/ui/data-table/log-filters";
import { FilterSelect, Toolbar } from "@/components/ui/data-table/toolbar";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";

const OUTCOMES = [
  { value: "ALLOWED", label: "Allowed" },
  { value: "DENIED", label: "Denied" },
  { value: "FAILED", label: "Failed" },
];

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
    <Toolbar>
      <FilterSelect
        id="filter-outcome"
        label="Outcome"
        param="outcome"
        value={values.outcome}
        all="All"
        options={OUTCOMES}
        className="w-36"
      />
      <FilterSelect
        id="filter-token"
        label="Token"
        param="token"
        value={values.token}
        all="All tokens"
        options={tokens.map((t) => ({ value: t.id, label: t.name }))}
      />
      <LogFilterFields values={values} update={update} exportHref={exportHref} />
    </Toolbar>
  );
}
