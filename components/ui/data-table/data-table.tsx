"use client";
import { rowSortingFeature, tableFeatures, useTable, type ColumnDef, type RowData, type SortingState } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";
import { SortHeader } from "./sort-header";
import { useUrlQuery } from "./use-url-query";

/**
 * A table's horizontal scroll container is a named region that takes keyboard focus, so a keyboard user
 * can scroll a table wider than the screen (arrow keys), and a screen reader announces what it holds.
 */
const scrollRegion = (label: string) => ({ role: "region", "aria-label": label, tabIndex: 0 }) as const;

/** The features every list uses: sorting is shown in the headers, and done by the server (or not at all). */
export const listFeatures = tableFeatures({ rowSortingFeature });
export type ListColumns<Row extends RowData> = ColumnDef<typeof listFeatures, Row>[];

/**
 * What a column definition may say about its cells (`meta`): aligned right
 * (numbers, actions) or centred (a matrix's marks), or the row's header
 * (`<th scope="row">`, what a screen reader names each cell of the row by).
 */
export type ColumnMeta = { align?: "right" | "center"; rowHeader?: boolean };
const metaOf = (column: { columnDef: { meta?: unknown } }) => (column.columnDef.meta ?? {}) as ColumnMeta;
/**
 * A row's buttons (the column named "actions") stay at the right edge while a table wider than the screen
 * scrolls under them: on a phone, Revoke, Remove or Restore are never out of sight.
 */
const STICKY_ACTIONS = "sticky right-0 shadow-[-8px_0_8px_-8px_rgb(15_23_42_/_0.15)]";
const ALIGN = { right: "text-right", center: "text-center" } as const;

/**
 * One list, from its column definitions (TanStack Table): the header row,
 * sort buttons where the list sorts (`sort`; by default the sort is kept in
 * the URL and done by the server), the rows, and one row that says why there
 * is nothing to show. The table scrolls inside its card on a narrow screen,
 * in a named region that takes keyboard focus. Its toolbar (toolbar.tsx) and
 * its pages (url-pager.tsx) sit above and below it in the same card.
 */
export function DataTable<Row extends RowData>({
  label,
  columns,
  rows,
  rowId,
  empty,
  sort,
  pending,
  caption,
  rowClassName,
  className,
}: {
  /** What the scroll region is called for a screen reader ("Projects"). */
  label: string;
  columns: ListColumns<Row>;
  rows: Row[];
  rowId: (row: Row) => string;
  /** What the one row says when there are no rows. */
  empty: ReactNode;
  /**
   * The sorted column and direction; columns listed in `by` get a sort button. A click sorts by that
   * column, ascending first, through `onSort` or else the URL's `sort` and `dir`.
   */
  sort?: { id: string; dir: "asc" | "desc"; by: readonly string[]; onSort?: (id: string) => void };
  /** A new page of rows is on its way: the old one is dimmed. */
  pending?: boolean;
  /** The table's name for a screen reader, when the region's label does not say enough. */
  caption?: string;
  rowClassName?: (row: Row) => string | undefined;
  className?: string;
}) {
  const { update } = useUrlQuery();
  const sortBy = (id: string) => {
    if (!sort) return;
    if (sort.onSort) return sort.onSort(id);
    update({ sort: id, dir: sort.id === id && sort.dir === "asc" ? "desc" : "asc" });
  };
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
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const id = header.column.id;
                const title = typeof header.column.columnDef.header === "string" ? header.column.columnDef.header : null;
                const direction = sort?.id === id ? sort.dir : false;
                const { align } = metaOf(header.column);
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={cn(
                      "px-3 py-2.5 font-medium first:pl-4 last:pr-4",
                      align && ALIGN[align],
                      id === "actions" && `${STICKY_ACTIONS} bg-slate-50`,
                    )}
                    aria-sort={direction ? (direction === "asc" ? "ascending" : "descending") : undefined}
                  >
                    {sort && title && sort.by.includes(id) ? (
                      <SortHeader label={title} direction={direction} onSort={() => sortBy(id)} />
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className={cn("group hover:bg-slate-50", rowClassName?.(row.original))}>
              {row.getAllCells().map((cell) => {
                const { align, rowHeader } = metaOf(cell.column);
                const Cell = rowHeader ? "th" : "td";
                return (
                  <Cell
                    key={cell.id}
                    scope={rowHeader ? "row" : undefined}
                    className={cn(
                      "px-3 py-3 align-top first:pl-4 last:pr-4",
                      rowHeader && "text-left font-normal",
                      align === "right" && "text-right tabular-nums",
                      align === "center" && "text-center",
                      cell.column.id === "actions" && `${STICKY_ACTIONS} bg-white group-hover:bg-slate-50`,
                    )}
                  >
                    <table.FlexRender cell={cell} />
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {/* Below the table, not in a row as wide as it: centred in what the screen shows of the card. */}
      {rows.length === 0 && <div className="sticky left-0 px-4 py-12 text-center text-slate-500">{empty}</div>}
    </div>
  );
}
