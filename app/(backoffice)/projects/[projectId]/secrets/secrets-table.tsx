"use client";
import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table/data-table";
import { FilterSelect, SearchFilter, Toolbar } from "@/components/ui/data-table/toolbar";
import { UrlPager } from "@/components/ui/data-table/url-pager";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";
import type { GalleryRow } from "@/lib/secrets/queries";
import { PAGE_SIZES, SECRET_STATUSES, SORTABLE_COLUMNS, STATUS_LABELS, type GalleryQuery } from "@/lib/secrets/schema";
import { galleryColumns, trashColumns } from "./columns";

const STATUS_OPTIONS = SECRET_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }));

/** The gallery's table. Search, filter, sort and paging are done by the server from the URL. */
export function SecretsTable({
  projectId,
  rows,
  total,
  query,
  canManage,
  canPurge,
  emptyState,
}: {
  projectId: string;
  rows: GalleryRow[];
  total: number;
  query: GalleryQuery;
  canManage: boolean;
  /** Purge from the Trash (lib/authz/policy.ts PURGE_NEEDS). */
  canPurge: boolean;
  emptyState: React.ReactNode;
}) {
  const { update, pending } = useUrlQuery();
  const trash = query.view === "trash";
  const columns = useMemo(
    () => (trash ? trashColumns(projectId, canManage, canPurge) : galleryColumns(projectId)),
    [trash, projectId, canManage, canPurge],
  );
  const filtered = Boolean(query.q || query.status);
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <Toolbar pending={pending} className="items-center">
        <SearchFilter label="Search by name" placeholder="Search by name…" value={query.q} />
        <FilterSelect
          label="Filter by status"
          param="status"
          value={query.status}
          all="All statuses"
          options={STATUS_OPTIONS}
          className="w-40"
        />
      </Toolbar>
      <DataTable
        label="Secrets"
        columns={columns}
        rows={rows}
        rowId={(row) => row.id}
        pending={pending}
        sort={{ id: query.sort, dir: query.dir, by: SORTABLE_COLUMNS }}
        empty={
          filtered ? (
            <span className="flex flex-col items-center gap-2">
              No secret matches this search.
              <Button variant="outline" size="sm" onClick={() => update({ q: null, status: null })}>
                Clear filters
              </Button>
            </span>
          ) : (
            emptyState
          )
        }
      />
      <UrlPager page={query.page} size={query.size} total={total} sizes={PAGE_SIZES} />
    </div>
  );
}
