"use client";
import {
  Activity,
  Lock,
  Bot,
  Boxes,
  Building2,
  FlaskConical,
  History,
  KeyRound,
  LayoutDashboard,
  Library,
  ShieldCheck,
  Settings,
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
  activity: History,
  "api-tokens": Ticket,
  secrets: KeyRound,
  members: Users,
  roles: ShieldCheck,
  playground: FlaskConical,
};
const ORG_ICONS: Record<string, LucideIcon> = { projects: Boxes, members: Building2, settings: Settings };

export type SidebarProps = { fallbackProjectId: string | null; permissions: Record<string, string[]> };

/**
 * The backoffice's navigation. `permissions`: per project id, what the policy
 * grants the user there. A section that is not part of this product is shown
 * "Off"; one the user's roles do not open is shown with a lock and who may
 * open it. Neither is a tab stop. From 768 px it sits beside the page;
 * below, the header's menu button opens it as a drawer.
 */
export function Sidebar(props: SidebarProps) {
  return (
    <div className="hidden w-60 shrink-0 border-r border-slate-200 bg-white md:block">
      <SidebarNav {...props} />
    </div>
  );
}

export function SidebarNav({ fallbackProjectId, permissions }: SidebarProps) {
  const pathname = usePathname();
  const current = parseProjectPath(pathname);
  const projectId = current?.projectId ?? fallbackProjectId;
  const orgSection = /^\/org\/([^/]+)/.exec(pathname)?.[1];

  return (
    <nav aria-label="Backoffice" className="flex flex-col gap-6 px-3 py-5">
      <SidebarGroup title="Project options">
        {PROJECT_SECTIONS.map((section) => (
          <SidebarItem
            key={section.key}
            section={section}
            restricted={Boolean(section.needs && projectId && permissions[projectId] && !permissions[projectId].includes(section.needs))}
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
  restricted = false,
}: {
  section: Section;
  icon: LucideIcon;
  href: string | null;
  active: boolean;
  group: string;
  restricted?: boolean;
}) {
  const hintId = `${group}-${section.key}-unavailable`;
  const base = "flex items-center gap-3 rounded-md px-3 py-2 text-sm";
  if (section.unavailable || restricted || !href) {
    const reason = section.unavailable ?? (restricted ? "Project administrators only." : "Join a project first.");
    return (
      <li>
        <Tooltip content={reason}>
          <span role="link" aria-disabled="true" aria-describedby={hintId} className={cn(base, "cursor-not-allowed text-slate-400")}>
            <Icon className="size-4" aria-hidden />
            <span className="flex-1">{section.label}</span>
            {restricted ? (
              <Lock className="size-3.5 text-slate-400" aria-hidden />
            ) : (
              <span aria-hidden className="rounded bg-slate-100 px-1.5 py-0.5 text-[10px] font-medium uppercase text-slate-500">
                Off
              </span>
            )}
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
