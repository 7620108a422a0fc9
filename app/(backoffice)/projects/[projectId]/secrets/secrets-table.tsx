"use client";
import { useDebouncedSearch } from "@/components/forms/use-debounced-search";
import { Loader2, Search } from "lucide-react";
import { useMemo } from "react";
import { Pagination } from "@/components/ui/data-table/pagination";
import { DataTable } from "@/components/ui/data-table/data-table";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { GalleryRow } from "@/lib/secrets/queries";
import { PAGE_SIZES, SECRET_STATUSES, SORTABLE_COLUMNS, STATUS_LABELS, type GalleryQuery } from "@/lib/secrets/schema";
import { galleryColumns, trashColumns } from "./columns";

/** The gallery's table. Search, filter, sort and paging are done by the server from the URL. */
export function SecretsTable({
  projectId,
  rows,
  total,
  query,
  canManage,
  emptyState,
}: {
  projectId: string;
  rows: GalleryRow[];
  total: number;
  query: GalleryQuery;
  canManage: boolean;
  emptyState: React.ReactNode;
}) {
  const { update, pending } = useUrlQuery();
  const trash = query.view === "trash";
  const columns = useMemo(() => (trash ? trashColumns(projectId, canManage) : galleryColumns(projectId)), [trash, projectId, canManage]);
  const [search, setSearch] = useDebouncedSearch(query.q, (text) => update({ q: text }));

  function sortBy(column: string) {
    const dir = query.sort === column && query.dir === "asc" ? "desc" : "asc";
    update({ sort: column, dir });
  }

  const filtered = Boolean(query.q || query.status);
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3">
        <div className="relative w-full max-w-xs">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-400" aria-hidden />
          <Input
            type="search"
            aria-label="Search by name"
            placeholder="Search by name…"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            className="pl-8"
          />
        </div>
        <Select value={query.status ?? "all"} onValueChange={(value) => update({ status: value === "all" ? null : value })}>
          <SelectTrigger className="w-40" aria-label="Filter by status">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All statuses</SelectItem>
            {SECRET_STATUSES.map((status) => (
              <SelectItem key={status} value={status}>
                {STATUS_LABELS[status]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        {pending && <Loader2 className="size-4 animate-spin text-slate-400" aria-label="Loading" />}
      </div>
      <DataTable
        label="Secrets"
        columns={columns}
        rows={rows}
        rowId={(row) => row.id}
        pending={pending}
        sort={{ id: query.sort, dir: query.dir, by: SORTABLE_COLUMNS, onSort: sortBy }}
        empty={
          filtered ? (
            <span className="flex flex-col items-center gap-2">
              No secret matches this search.
              <Button
                variant="outline"
                size="sm"
                onClick={() => {
                  setSearch("");
                  update({ q: null, status: null });
                }}
              >
                Clear filters
              </Button>
            </span>
          ) : (
            emptyState
          )
        }
      />
      <Pagination page={query.page} size={query.size} total={total} sizes={PAGE_SIZES} onChange={(patch) => update(patch)} />
    </div>
  );
}
