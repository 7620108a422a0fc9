"use client";
import {
  Activity,
  Bot,
  Boxes,
  Building2,
  FlaskConical,
  KeyRound,
  LayoutDashboard,
  Library,
  ShieldCheck,
  Ticket,
  Users,
  Wrench,
  type LucideIcon,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Tooltip } from "@/components/ui/tooltip";
import { ORGANIZATION_SECTIONS, PROJECT_SECTIONS, parseProjectPath, type Section } from "@/lib/navigation";
import { cn } from "@/lib/utils";

const PROJECT_ICONS: Record<string, LucideIcon> = {
  dashboard: LayoutDashboard,
  assistants: Bot,
  "rag-assistants": Library,
  tools: Wrench,
  requests: Activity,
  "api-tokens": Ticket,
  secrets: KeyRound,
  members: Users,
  roles: ShieldCheck,
  playground: FlaskConical,
};
const ORG_ICONS: Record<string, LucideIcon> = { projects: Boxes, members: Building2 };

/** `permissions`: per project id, what the policy grants the user there; sections they cannot open are shown disabled. */
export function Sidebar({ fallbackProjectId, permissions }: { fallbackProjectId: string | null; permissions: Record<string, string[]> }) {
  const pathname = usePathname();
  const current = parseProjectPath(pathname);
  const projectId = current?.projectId ?? fallbackProjectId;
  const orgSection = /^\/org\/([^/]+)/.exec(pathname)?.[1];

  return (
    <nav aria-label="Backoffice" className="flex w-60 shrink-0 flex-col gap-6 border-r border-slate-200 bg-white px-3 py-5">
      <SidebarGroup title="Project options">
        {PROJECT_SECTIONS.map((section) => (
          <SidebarItem
            key={section.key}
            section={
              section.needs && projectId && permissions[projectId] && !permissions[projectId].includes(section.needs)
                ? { ...section, unavailable: "Project administrators only." }
                : section
            }
            group="project"
            icon={PROJECT_ICONS[section.key]}
            href={projectId ? `/projects/${projectId}/${section.key}` : null}
            active={current?.section === section.key}
          />
        ))}
      </SidebarGroup>
      <SidebarGroup title="Organization options">
        {ORGANIZATION_SECTIONS.map((section) => (
          <SidebarItem
            key={section.key}
            section={section}
            group="org"
            icon={ORG_ICONS[section.key]}
            href={`/org/${section.key}`}
            active={orgSection === section.key}
          />
        ))}
      </SidebarGroup>
    </nav>
  );
}

function SidebarGroup({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `nav-${title.toLowerCase().replace(/\s+/g, "-")}`;
  return (
    <div>
      <h2 id={id} className="mb-2 px-3 text-[11px] font-semibold uppercase tracking-wider text-slate-500">
        {title}
      </h2>
      <ul aria-labelledby={id} className="grid gap-0.5">
        {children}
      </ul>
    </div>
  );
}

function SidebarItem({
  section,
  icon: Icon,
  href,
  active,
  group,
}: {
  section: Section;
  icon: LucideIcon;
  href: string | null;
  active: boolean;
  group: string;
}) {
  const hintId = `${group}-${section.key}-unavailable`;
  const base = "flex items-center gap-3 rounded-md px-3 py-2 text-sm";
  if (section.unavailable || !href) {
    const reason = section.unavailable ?? "Join a project first.";
    return (
      <li>
        <Tooltip content={reason}>
          <span
            role="link"
            aria-disabled="true"
            tabIndex={0}
            aria-describedby={hintId}
            className={cn(base, "cursor-not-allowed text-slate-400")}
          >
            <Icon className="size-4" aria-hidden />
            <span className="flex-1">{section.label}</span>
            <span aria-hidden className="rounded bg-slate-100 px-1.5 py-0.5 text-[10px] font-medium uppercase text-slate-500">
              Off
            </span>
          </span>
        </Tooltip>
        <span id={hintId} className="sr-only">
          {reason}
        </span>
      </li>
    );
  }
  return (
    <li>
      <Link
        href={href}
        aria-current={active ? "page" : undefined}
        className={cn(
          base,
          "text-slate-700 transition-colors hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-primary",
          active && "bg-indigo-50 font-medium text-primary hover:bg-indigo-50 hover:text-primary",
        )}
      >
        <Icon className="size-4" aria-hidden />
        {section.label}
      </Link>
    </li>
  );
}
