"use client";
import { Command } from "cmdk";
import { Check, ChevronsUpDown, FolderKanban } from "lucide-react";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { useLeavePage } from "@/components/forms/use-unsaved-changes";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { parseProjectPath } from "@/lib/navigation";
import { cn } from "@/lib/utils";

/** A searchable combo box of the user's projects; switching keeps the current section. */
export function ProjectSelector({ projects }: { projects: { id: string; name: string; organization: string }[] }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const leavePage = useLeavePage();
  const current = parseProjectPath(pathname);
  const selected = projects.find((p) => p.id === current?.projectId);

  function select(projectId: string) {
    setOpen(false);
    // Only the section is kept: a secret or tool of one project means nothing in another. A form with unsaved changes asks first.
    leavePage(`/projects/${projectId}/${current?.section ?? "dashboard"}`);
  }

  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <button
          type="button"
          aria-label={`Project: ${selected?.name ?? "none selected"}`}
          className="flex h-9 w-44 min-w-0 items-center gap-2 sm:w-72 rounded-md border border-slate-300 bg-white px-3 text-left text-sm shadow-sm hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-primary"
        >
          <FolderKanban className="size-4 shrink-0 text-slate-500" aria-hidden />
          <span className={cn("flex-1 truncate", !selected && "text-slate-500")}>
            {selected && <span className="hidden text-slate-500 sm:inline">{selected.organization} / </span>}
            {selected?.name ?? "Select a project"}
          </span>
          <ChevronsUpDown className="size-4 shrink-0 text-slate-400" aria-hidden />
        </button>
      </PopoverTrigger>
      <PopoverContent className="w-72" align="end">
        <Command label="Search projects">
          <Command.Input
            placeholder="Search projects…"
            className="h-10 w-full border-b border-slate-200 px-3 text-sm outline-none placeholder:text-slate-500"
          />
          <Command.List className="max-h-72 overflow-y-auto p-1">
            <Command.Empty className="px-3 py-6 text-center text-sm text-slate-500">No project matches.</Command.Empty>
            {projects.map((project) => (
              <Command.Item
                key={project.id}
                value={`${project.name} ${project.id}`}
                onSelect={() => select(project.id)}
                className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm data-[selected=true]:bg-slate-100"
              >
                <Check className={cn("size-4", project.id === selected?.id ? "opacity-100" : "opacity-0")} aria-hidden />
                <span className="flex-1 truncate">{project.name}</span>
                <span className="truncate text-xs text-slate-500">{project.organization}</span>
              </Command.Item>
            ))}
          </Command.List>
        </Command>
      </PopoverContent>
    </Popover>
  );
}
