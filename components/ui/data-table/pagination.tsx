"use client";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "../button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "../select";

/** "1–25 of 240", rows per page, previous and next. */
export function Pagination({
  page,
  size,
  total,
  sizes,
  onChange,
}: {
  page: number;
  size: number;
  total: number;
  sizes: readonly number[];
  onChange: (patch: { page?: number; size?: number }) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / size));
  const from = total === 0 ? 0 : (page - 1) * size + 1;
  const to = Math.min(total, page * size);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm text-slate-600">
      <p aria-live="polite">
        {from}–{to} of {total}
      </p>
      <div className="flex items-center gap-3">
        {sizes.length > 1 && (
          <label className="flex items-center gap-2">
            <span>Rows per page</span>
            <Select value={String(size)} onValueChange={(value) => onChange({ size: Number(value) })}>
              <SelectTrigger className="h-8 w-20" aria-label="Rows per page">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {sizes.map((s) => (
                  <SelectItem key={s} value={String(s)}>
                    {s}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </label>
        )}
        <span>
          Page {Math.min(page, pages)} of {pages}
        </span>
        <Button variant="outline" size="icon" aria-label="Previous page" disabled={page <= 1} onClick={() => onChange({ page: page - 1 })}>
          <ChevronLeft aria-hidden />
        </Button>
        <Button variant="outline" size="icon" aria-label="Next page" disabled={page >= pages} onClick={() => onChange({ page: page + 1 })}>
          <ChevronRight aria-hidden />
        </Button>
      </div>
    </div>
  );
}
