import { cookies } from "next/headers";
import Link from "next/link";
import { MobileNav } from "@/components/shell/mobile-nav";
import { ProjectSelector } from "@/components/shell/project-selector";
import { Sidebar } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { requireUser } from "@/lib/authz/session";
import { LAST_PROJECT_COOKIE, preferredProject } from "@/lib/navigation";
import { listUserProjectPermissions, listUserProjects } from "@/lib/projects/projects";
import { signOutAction } from "./actions";

export default async function BackofficeLayout({ children }: { children: React.ReactNode }) {
  // Each page checks on its own (requireUser, requireProjectPage), the second factor's set-up included.
  const user = await requireUser({ setUp: true });
  const [projects, permissions, cookieStore] = await Promise.all([
    listUserProjects(user.id),
    listUserProjectPermissions(user.id),
    cookies(),
  ]);
  const fallback = preferredProject(projects, cookieStore.get(LAST_PROJECT_COOKIE)?.value);
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#content"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-primary shadow focus:not-sr-only focus:fixed focus:left-2 focus:top-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-slate-200 bg-white px-3 sm:gap-4 sm:px-4">
        <MobileNav fallbackProjectId={fallback?.id ?? null} permissions={permissions} />
        <Link href="/" aria-label="Enterprise AI, home" className="flex shrink-0 items-center gap-2 font-semibold text-slate-900">
          {/* eslint-disable-next-line @next/next/no-img-element -- a 28 px SVG from public/, nothing to optimise */}
          <img src="/mark.svg" alt="" width={28} height={28} className="size-7" />
          <span className="hidden sm:inline">Enterprise AI</span>
        </Link>
        <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3">
          <ProjectSelector projects={projects} />
          <UserMenu user={user} signOutAction={signOutAction} />
        </div>
      </header>
      <div className="flex flex-1">
        <Sidebar fallbackProjectId={fallback?.id ?? null} permissions={permissions} />
        <main id="content" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none md:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
