"use client";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";

/** A column header that sorts by its column; the state is announced with aria-sort on the th. */
export function SortHeader({ label, direction, onSort }: { label: string; direction: "asc" | "desc" | false; onSort: () => void }) {
  const Icon = direction === "asc" ? ArrowUp : direction === "desc" ? ArrowDown : ArrowUpDown;
  return (
    <button
      type="button"
      onClick={onSort}
      className="-mx-2 inline-flex items-center gap-1 rounded px-2 py-1 uppercase tracking-wide hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-primary"
    >
      {label}
      <Icon className={direction ? "size-3.5 text-slate-800" : "size-3.5 text-slate-400"} aria-hidden />
    </button>
  );
}
