import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/** The header row group every list table uses. */
export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return (
    <thead className={cn("border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500", className)} {...props} />
  );
}

/** A column header cell. */
export function HeaderCell({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={cn("px-4 py-2.5 font-medium", className)} {...props} />;
}

/**
 * The props of a table's horizontal scroll container: a named region that
 * takes keyboard focus, so a keyboard user can scroll a table wider than the
 * screen (arrow keys), and a screen reader announces what it holds.
 */
export function scrollRegion(label: string) {
  return { role: "region", "aria-label": label, tabIndex: 0 } as const;
}
