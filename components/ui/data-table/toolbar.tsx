"use client";
import { Loader2, Search } from "lucide-react";
import { useState, type ReactNode } from "react";
import { useDebouncedSearch } from "./use-debounced-search";
import { cn } from "@/lib/utils";
import { Input } from "../input";
import { Label } from "../label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "../select";
import { useUrlQuery } from "./use-url-query";

/** The row above a list: its search and filters (each kept in the URL), and a spinner while the server answers. */
export function Toolbar({ children, pending, className }: { children: ReactNode; pending?: boolean; className?: string }) {
  return (
    <div className={cn("flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3", className)}>
      {children}
      {pending && <Loader2 className="mb-2.5 size-4 animate-spin text-slate-400" aria-label="Loading" />}
    </div>
  );
}

/**
 * A search box whose text goes to the URL's `param` once the typing stops;
 * the server searches. When the URL changes from elsewhere (Clear filters,
 * the Back button) the box follows it; what is being typed is never replaced
 * by the echo of its own earlier text.
 */
export function SearchFilter({
  label,
  placeholder,
  value,
  param = "q",
}: {
  label: string;
  placeholder: string;
  /** The search in the URL now. */
  value: string;
  param?: string;
}) {
  const { update } = useUrlQuery();
  const [sent, setSent] = useState(value);
  const [text, setText] = useDebouncedSearch(value, (typed) => {
    setSent(typed);
    update({ [param]: typed });
  });
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== sent) {
      setSent(value);
      setText(value);
    }
  }
  return (
    <div className="relative w-full max-w-xs">
      <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-400" aria-hidden />
      <Input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={text}
        onChange={(event) => setText(event.target.value)}
        className="pl-8"
      />
    </div>
  );
}

/**
 * A choice among a few values kept in the URL's `param`; "all" removes it.
 * With `id` the label is shown above the field, without it only read out.
 */
export function FilterSelect({
  label,
  id,
  param,
  value,
  all,
  options,
  className = "w-48",
}: {
  label: string;
  id?: string;
  param: string;
  value: string | undefined;
  /** What no filter reads as ("All statuses"). */
  all: string;
  options: readonly { value: string; label: string }[];
  className?: string;
}) {
  const { update } = useUrlQuery();
  const select = (
    <Select value={value ?? "all"} onValueChange={(chosen) => update({ [param]: chosen === "all" ? null : chosen })}>
      <SelectTrigger id={id} className={className} aria-label={id ? undefined : label}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value="all">{all}</SelectItem>
        {options.map((option) => (
          <SelectItem key={option.value} value={option.value}>
            {option.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
  if (!id) return select;
  return (
    <div className="grid gap-1">
      <Label htmlFor={id}>{label}</Label>
      {select}
    </div>
  );
}
