"use client";
import { useDebouncedSearch } from "@/components/forms/use-debounced-search";
import { useTable, type SortingState } from "@tanstack/react-table";
import { Loader2, Search } from "lucide-react";
import { useMemo } from "react";
import { Pagination } from "@/components/ui/data-table/pagination";
import { SortHeader } from "@/components/ui/data-table/sort-header";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { TableHeader, scrollRegion } from "@/components/ui/table";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { GalleryRow } from "@/lib/secrets/queries";
import { PAGE_SIZES, SECRET_STATUSES, STATUS_LABELS, type GalleryQuery } from "@/lib/secrets/schema";
import { features, galleryColumns, trashColumns } from "./columns";

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
  const sorting: SortingState = [{ id: query.sort, desc: query.dir === "desc" }];
  const table = useTable({
    features,
    columns,
    data: rows,
    rowCount: total,
    manualSorting: true,
    manualPagination: true,
    getRowId: (row) => row.id,
    state: { sorting, pagination: { pageIndex: query.page - 1, pageSize: query.size } },
    onSortingChange: () => {},
  });

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
      <div className={pending ? "overflow-x-auto opacity-60 transition-opacity" : "overflow-x-auto"} {...scrollRegion("Secrets")}>
        <table className="w-full text-left text-sm">
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sortable =
                    header.column.getCanSort() &&
                    header.column.columnDef.header !== undefined &&
                    !["purge", "actions", "usedBy"].includes(header.column.id);
                  const direction = query.sort === header.column.id ? query.dir : false;
                  const label = typeof header.column.columnDef.header === "string" ? header.column.columnDef.header : null;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className="px-3 py-2.5 font-medium first:pl-4 last:pr-4"
                      aria-sort={direction ? (direction === "asc" ? "ascending" : "descending") : undefined}
                    >
                      {sortable && label ? (
                        <SortHeader label={label} direction={direction} onSort={() => sortBy(header.column.id)} />
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </TableHeader>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50">
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-3 align-top first:pl-4 last:pr-4">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="px-4 py-12 text-center text-slate-500">
                  {filtered ? (
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
                  )}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pagination page={query.page} size={query.size} total={total} sizes={PAGE_SIZES} onChange={(patch) => update(patch)} />
    </div>
  );
}
