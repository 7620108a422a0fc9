"use client";
import { rowSortingFeature, tableFeatures, useTable, type ColumnDef, type RowData, type SortingState } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";
import { scrollRegion, TableHeader } from "../table";
import { SortHeader } from "./sort-header";

/** The features every list uses: sorting is shown in the headers, and done by the server (or not at all). */
export const listFeatures = tableFeatures({ rowSortingFeature });
export type ListColumns<Row extends RowData> = ColumnDef<typeof listFeatures, Row>[];

/**
 * One list, from its column definitions (TanStack Table): the header row,
 * sort buttons where the caller sorts (`sort`), the rows, and one row that
 * says why there is nothing to show. The table scrolls inside its card on a
 * narrow screen, in a named region that takes keyboard focus.
 */
export function DataTable<Row extends RowData>({
  label,
  columns,
  rows,
  rowId,
  empty,
  sort,
  pending,
  className,
}: {
  /** What the scroll region is called for a screen reader ("Projects"). */
  label: string;
  columns: ListColumns<Row>;
  rows: Row[];
  rowId: (row: Row) => string;
  /** What the one row says when there are no rows. */
  empty: ReactNode;
  /** The sorted column and direction, and what sorting by a column does; columns listed in `by` get a sort button. */
  sort?: { id: string; dir: "asc" | "desc"; by: readonly string[]; onSort: (id: string) => void };
  /** A new page of rows is on its way: the old one is dimmed. */
  pending?: boolean;
  className?: string;
}) {
  const sorting: SortingState = sort ? [{ id: sort.id, desc: sort.dir === "desc" }] : [];
  const table = useTable({
    features: listFeatures,
    columns,
    data: rows,
    manualSorting: true,
    getRowId: rowId,
    state: { sorting },
    onSortingChange: () => {},
  });
  return (
    <div className={cn("overflow-x-auto", pending && "opacity-60 transition-opacity", className)} {...scrollRegion(label)}>
      <table className="w-full text-left text-sm">
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const id = header.column.id;
                const title = typeof header.column.columnDef.header === "string" ? header.column.columnDef.header : null;
                const direction = sort?.id === id ? sort.dir : false;
                const meta = header.column.columnDef.meta as { align?: "right" } | undefined;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={cn("px-3 py-2.5 font-medium first:pl-4 last:pr-4", meta?.align === "right" && "text-right")}
                    aria-sort={direction ? (direction === "asc" ? "ascending" : "descending") : undefined}
                  >
                    {sort && title && sort.by.includes(id) ? (
                      <SortHeader label={title} direction={direction} onSort={() => sort.onSort(id)} />
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
              {row.getAllCells().map((cell) => {
                const meta = cell.column.columnDef.meta as { align?: "right" } | undefined;
                return (
                  <td
                    key={cell.id}
                    className={cn("px-3 py-3 align-top first:pl-4 last:pr-4", meta?.align === "right" && "text-right tabular-nums")}
                  >
                    <table.FlexRender cell={cell} />
                  </td>
                );
              })}
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="px-4 py-12 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
