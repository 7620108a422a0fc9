"use client";
import { Command } from "cmdk";
import { ChevronsUpDown, KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { StatusBadge } from "@/components/secrets/status-badge";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { secretNameSchema } from "@/lib/secrets/schema";
import { cn } from "@/lib/utils";

export type ReferenceOption = { name: string; status: "ACTIVE" | "INACTIVE" | "REVOKED"; expiresAt: Date | null; toolsCanRead: boolean };

/**
 * A combo box of the project's secrets (name and status) that also accepts a
 * name that does not exist yet — the seed's "bookmark" — and offers to
 * create that secret.
 */
export function SecretReferencePicker({
  id,
  value,
  onChange,
  secrets,
  disabled,
  onCreate,
  describedBy,
  invalid,
}: {
  id: string;
  value: string;
  onChange: (name: string) => void;
  secrets: ReferenceOption[];
  disabled?: boolean;
  onCreate?: (name: string) => void;
  describedBy?: string;
  invalid?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const typed = search.trim();
  const exists = secrets.some((s) => s.name.toLowerCase() === typed.toLowerCase());
  const typedValid = typed !== "" && secretNameSchema.safeParse(typed).success;
  // Filtered here rather than by cmdk, so that the "new name" choices always show.
  const matches = typed ? secrets.filter((s) => s.name.toLowerCase().includes(typed.toLowerCase())) : secrets;

  function choose(name: string) {
    onChange(name);
    setOpen(false);
    setSearch("");
  }

  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <button
          id={id}
          type="button"
          disabled={disabled}
          aria-describedby={describedBy}
          data-invalid={invalid || undefined}
          className={cn(
            "flex h-9 w-full items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-left text-sm shadow-sm hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:cursor-not-allowed disabled:bg-slate-50 data-[invalid]:border-red-500",
          )}
        >
          <KeyRound className="size-4 shrink-0 text-slate-500" aria-hidden />
          <span className={cn("flex-1 truncate", !value && "text-slate-500")}>{value || "Choose or type a secret name…"}</span>
          <ChevronsUpDown className="size-4 shrink-0 text-slate-400" aria-hidden />
        </button>
      </PopoverTrigger>
      <PopoverContent className="w-[var(--radix-popover-trigger-width)] min-w-80">
        <Command label="Secrets" shouldFilter={false}>
          <Command.Input
            value={search}
            onValueChange={setSearch}
            placeholder="Search or type a new name…"
            className="h-10 w-full border-b border-slate-200 px-3 text-sm outline-none placeholder:text-slate-500"
          />
          <Command.List className="max-h-72 overflow-y-auto p-1">
            {matches.length === 0 && <p className="px-3 py-3 text-sm text-slate-500">No secret has this name yet.</p>}
            {matches.map((secret) => (
              <Command.Item
                key={secret.name}
                value={secret.name}
                onSelect={() => choose(secret.name)}
                className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm data-[selected=true]:bg-slate-100"
              >
                <span className="flex-1 truncate">{secret.name}</span>
                <StatusBadge status={secret.status} />
              </Command.Item>
            ))}
            {typedValid && !exists && (
              <Command.Group
                heading="New name"
                className="text-xs text-slate-500 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1"
              >
                <Command.Item
                  value={`use-new ${typed}`}
                  onSelect={() => choose(typed)}
                  className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-800 data-[selected=true]:bg-slate-100"
                >
                  Use “{typed}” (create the secret later)
                </Command.Item>
                {onCreate && (
                  <Command.Item
                    value={`create-new ${typed}`}
                    onSelect={() => {
                      choose(typed);
                      onCreate(typed);
                    }}
                    className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm font-medium text-primary data-[selected=true]:bg-slate-100"
                  >
                    <Plus className="size-4" aria-hidden /> Create secret “{typed}”
                  </Command.Item>
                )}
              </Command.Group>
            )}
          </Command.List>
        </Command>
      </PopoverContent>
    </Popover>
  );
}
