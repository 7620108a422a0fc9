"use client";
import { Download } from "lucide-react";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Update = (patch: Record<string, string | null>) => void;

/** The filters the audit log's two views share (Requests, Activity): a secret's name, a date range, and the CSV of what they select. */
export function LogFilterFields({
  values,
  update,
  exportHref,
  children,
}: {
  values: { secret?: string; from?: string; to?: string };
  update: Update;
  exportHref: string;
  /** Filters of the view's own, after the shared ones (Clear filters, say). */
  children?: React.ReactNode;
}) {
  // Applied on Enter or on leaving the field. A new value from the URL (Clear filters, Back) replaces the box's
  // text, unless the person is typing in it.
  const secretBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const box = secretBox.current;
    if (box && document.activeElement !== box) box.value = values.secret ?? "";
  }, [values.secret]);
  return (
    <>
      <div className="grid gap-1">
        <Label htmlFor="filter-secret">Secret</Label>
        <Input
          id="filter-secret"
          ref={secretBox}
          defaultValue={values.secret}
          placeholder="Name contains…"
          className="w-48"
          onKeyDown={(e) => e.key === "Enter" && update({ secret: e.currentTarget.value.trim() })}
          onBlur={(e) => e.currentTarget.value.trim() !== (values.secret ?? "") && update({ secret: e.currentTarget.value.trim() })}
        />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="filter-from">From</Label>
        <Input
          id="filter-from"
          type="date"
          defaultValue={values.from}
          className="w-40"
          onChange={(e) => update({ from: e.target.value })}
        />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="filter-to">To</Label>
        <Input id="filter-to" type="date" defaultValue={values.to} className="w-40" onChange={(e) => update({ to: e.target.value })} />
      </div>
      {children}
      <Button asChild variant="outline" className="ml-auto">
        <a href={exportHref} download>
          <Download aria-hidden /> Export CSV
        </a>
      </Button>
    </>
  );
}
