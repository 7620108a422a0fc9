"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { Command } from "cmdk";
import { Bot, ChevronsUpDown, KeyRound, ShieldCheck, Trash2, User } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { DataTable, listFeatures } from "@/components/ui/data-table/data-table";
import { ACCESS_LEVEL_LABELS, DEFAULT_ACCESS_SUMMARY } from "@/lib/secrets/schema";
import { cn } from "@/lib/utils";

export type AccessEntry = { principalType: string; principalKey: string; level: "READ" | "WRITE"; label: string; detail: string };
export type PrincipalOption = { key: string; type: string; label: string; detail: string };

const ICONS = { USER: User, ROLE: ShieldCheck, TOKEN: KeyRound, ALL_TOOLS: Bot } as Record<string, typeof User>;
const TYPE_LABELS: Record<string, string> = {
  USER: "Member",
  ROLE: "Role",
  TOKEN: "API token",
  ALL_TOOLS: "Tools",
  ADMINISTRATORS: "Role",
};

/** The first row, always there: administrators read and write every secret, and no entry can change it. */
const ADMINISTRATORS: AccessEntry = {
  principalType: "ADMINISTRATORS",
  principalKey: "",
  level: "WRITE",
  label: "Project Administrators",
  detail: "",
};

function pendingChange(entry: AccessEntry, savedLevel: Map<string, string>) {
  const before = savedLevel.get(entry.principalKey);
  return before === undefined ? "Added, not saved yet" : before !== entry.level ? "Changed, not saved yet" : null;
}

type Level = AccessEntry["level"];

function LevelSelect({
  value,
  onChange,
  label,
  className,
}: {
  value: Level;
  onChange: (level: Level) => void;
  label: string;
  className?: string;
}) {
  return (
    <Select value={value} onValueChange={(chosen) => onChange(chosen as Level)}>
      <SelectTrigger className={cn("w-28", className)} aria-label={label}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value="READ">{ACCESS_LEVEL_LABELS.READ}</SelectItem>
        <SelectItem value="WRITE">{ACCESS_LEVEL_LABELS.WRITE}</SelectItem>
      </SelectContent>
    </Select>
  );
}

const helper = createColumnHelper<typeof listFeatures, AccessEntry>();

function accessColumns({
  canManage,
  savedLevel,
  setLevel,
  remove,
}: {
  canManage: boolean;
  savedLevel: Map<string, string>;
  setLevel: (key: string, level: "READ" | "WRITE") => void;
  remove: (key: string) => void;
}) {
  return helper.columns([
    helper.accessor("label", {
      header: "Principal",
      cell: ({ row: { original: entry } }) => {
        if (entry === ADMINISTRATORS) return <span className="font-medium">{entry.label}</span>;
        const Icon = ICONS[entry.principalType] ?? User;
        const pending = pendingChange(entry, savedLevel);
        return (
          <>
            <span className="flex items-center gap-2 font-medium">
              <Icon className="size-4 text-slate-500" aria-hidden />
              {entry.label}
            </span>
            {entry.detail && <span className="ml-6 block text-xs text-slate-500">{entry.detail}</span>}
            {pending && <span className="ml-6 block text-xs font-medium text-amber-800">{pending}</span>}
          </>
        );
      },
    }),
    helper.accessor("principalType", {
      header: "Type",
      cell: ({ row: { original: entry } }) => <span className="text-slate-600">{TYPE_LABELS[entry.principalType]}</span>,
    }),
    helper.accessor("level", {
      header: "Access",
      cell: ({ row: { original: entry } }) => {
        if (entry === ADMINISTRATORS) return <span className="text-slate-600">Read and write, always</span>;
        if (!canManage) return <Badge>{ACCESS_LEVEL_LABELS[entry.level]}</Badge>;
        return (
          <LevelSelect
            value={entry.level}
            onChange={(level) => setLevel(entry.principalKey, level)}
            label={`Access of ${entry.label}`}
            className="h-8"
          />
        );
      },
    }),
    ...(canManage
      ? [
          helper.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            meta: { align: "right" },
            cell: ({ row: { original: entry } }) =>
              entry !== ADMINISTRATORS && (
                <Button
                  type="button"
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove access of ${entry.label}`}
                  onClick={() => remove(entry.principalKey)}
                >
                  <Trash2 aria-hidden /> Remove
                </Button>
              ),
          }),
        ]
      : []),
  ]);
}

/**
 * The Accesses tab: who may read or write this secret. Changes here are
 * part of the Secret Editor's one form: they are saved with Confirm and
 * dropped with Cancel, and survive switching tabs.
 */
export function AccessesTab({
  entries,
  saved,
  options,
  canManage,
  error,
  onChange,
}: {
  entries: AccessEntry[];
  /** The stored entries, to mark what is not saved yet. */
  saved: AccessEntry[];
  options: PrincipalOption[];
  canManage: boolean;
  error?: string | null;
  onChange: (entries: AccessEntry[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [principal, setPrincipal] = useState<PrincipalOption | null>(null);
  const [level, setLevel] = useState<"READ" | "WRITE">("READ");
  const taken = new Set(entries.map((e) => e.principalKey));
  const available = options.filter((o) => !taken.has(o.key));
  const savedLevel = new Map(saved.map((e) => [e.principalKey, e.level]));
  const removed = saved.filter((e) => !taken.has(e.principalKey));
  const changeLevel = (key: string, level: "READ" | "WRITE") =>
    onChange(entries.map((e) => (e.principalKey === key ? { ...e, level } : e)));
  const remove = (key: string) => onChange(entries.filter((e) => e.principalKey !== key));

  return (
    <div className="grid max-w-3xl gap-6">
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <DataTable
        label="Accesses"
        caption="Accesses"
        columns={accessColumns({ canManage, savedLevel, setLevel: changeLevel, remove })}
        rows={[ADMINISTRATORS, ...entries]}
        rowId={(row) => row.principalKey}
        rowClassName={(row) => (row === ADMINISTRATORS ? "bg-slate-50/50" : pendingChange(row, savedLevel) ? "bg-amber-50/60" : undefined)}
        empty={null}
        className="rounded-lg border border-slate-200 bg-white shadow-sm"
      />
      {entries.length === 0 && (
        <p className="-mt-4 text-sm text-slate-500">No other entry: only Project Administrators can use this secret.</p>
      )}
      {removed.length > 0 && (
        <p className="text-xs font-medium text-amber-800">To be removed when you confirm: {removed.map((e) => e.label).join(", ")}.</p>
      )}

      {canManage && (
        <section aria-labelledby="add-access" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h3 id="add-access" className="text-sm font-semibold">
            Add access
          </h3>
          <div className="flex flex-wrap items-end gap-3">
            <Popover open={open} onOpenChange={setOpen}>
              <PopoverTrigger asChild>
                <button
                  type="button"
                  aria-label={principal ? `Principal: ${principal.label}` : "Choose a member, role or token"}
                  className="flex h-9 w-full max-w-72 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-left text-sm shadow-sm hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-primary"
                >
                  <span className={principal ? "flex-1 truncate" : "flex-1 truncate text-slate-500"}>
                    {principal?.label ?? "Choose a member, role or token…"}
                  </span>
                  <ChevronsUpDown className="size-4 text-slate-400" aria-hidden />
                </button>
              </PopoverTrigger>
              <PopoverContent className="w-80">
                <Command label="Search members, roles and tokens">
                  <Command.Input placeholder="Search…" className="h-10 w-full border-b border-slate-200 px-3 text-sm outline-none" />
                  <Command.List className="max-h-72 overflow-y-auto p-1">
                    <Command.Empty className="px-3 py-6 text-center text-sm text-slate-500">
                      {available.length ? "Nothing matches." : "Everyone and everything here already has access."}
                    </Command.Empty>
                    {available.map((option) => {
                      const Icon = ICONS[option.type] ?? User;
                      return (
                        <Command.Item
                          key={option.key}
                          value={`${option.label} ${option.detail} ${option.key}`}
                          onSelect={() => {
                            setPrincipal(option);
                            setOpen(false);
                          }}
                          className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm data-[selected=true]:bg-slate-100"
                        >
                          <Icon className="size-4 text-slate-500" aria-hidden />
                          <span className="flex-1 truncate">{option.label}</span>
                          <span className="truncate text-xs text-slate-500">{option.detail}</span>
                        </Command.Item>
                      );
                    })}
                  </Command.List>
                </Command>
              </PopoverContent>
            </Popover>
            <LevelSelect value={level} onChange={setLevel} label="Access level" />
            <Button
              type="button"
              disabled={!principal}
              onClick={() => {
                if (!principal) return;
                onChange([
                  ...entries,
                  { principalType: principal.type, principalKey: principal.key, level, label: principal.label, detail: principal.detail },
                ]);
                setPrincipal(null);
              }}
            >
              Add
            </Button>
          </div>
          <p className="text-xs text-slate-500">
            Read lets a member reveal and copy the value (audited) and lets tools resolve it; Write also lets a member change the value and
            status. Neither can delete the secret or change this tab. Changes here are saved with Confirm, together with General.
          </p>
        </section>
      )}
      <p className="text-xs text-slate-500">
        New secrets start with:{" "}
        {DEFAULT_ACCESS_SUMMARY.filter((d) => d.principal !== "Project Administrators")
          .map((d) => `${d.principal} — ${d.level}`)
          .join("; ")}
        .
      </p>
    </div>
  );
}
