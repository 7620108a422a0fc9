import type { Metadata } from "next";
import Link from "next/link";
import { formatExact, formatRelative } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { canManageOrganization } from "@/lib/authz/policy";
import { getOrgGrant, requireUser } from "@/lib/authz/session";
import { listOrganizationProjects } from "@/lib/projects/projects";
import { CreateProjectDialog } from "./create-project-dialog";
import { HeaderCell, TableHeader, scrollRegion } from "@/components/ui/table";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const user = await requireUser();
  const org = await getOrgGrant(user.id);
  const all = org ? await listOrganizationProjects(org.organizationId, user.id) : [];
  // Organization administrators see every project; others see their own.
  const isAdmin = canManageOrganization(org);
  const projects = isAdmin ? all : all.filter((p) => p.isMember);

  return (
    <>
      <PageHeader
        title="Projects"
        description="Each project keeps its own secrets, members, roles, API tokens and tool settings."
        actions={isAdmin ? <CreateProjectDialog defaultAdminEmail={user.email} /> : undefined}
      />
      <Card className="overflow-x-auto" {...scrollRegion("Projects")}>
        <table className="w-full text-left text-sm">
          <TableHeader>
            <tr>
              <HeaderCell className="px-5 py-3">Name</HeaderCell>
              <HeaderCell className="px-5 py-3">Administrators</HeaderCell>
              <HeaderCell className="px-5 py-3 text-right">Members</HeaderCell>
              <HeaderCell className="px-5 py-3 text-right">Secrets</HeaderCell>
              <HeaderCell className="px-5 py-3">Created</HeaderCell>
            </tr>
          </TableHeader>
          <tbody className="divide-y divide-slate-100">
            {projects.length === 0 && (
              <tr>
                <td colSpan={5} className="px-5 py-10 text-center text-slate-500">
                  {isAdmin
                    ? "No project yet. Create one to start storing secrets."
                    : "You are not a member of any project yet. Ask an administrator to add you."}
                </td>
              </tr>
            )}
            {projects.map((project) => (
              <tr key={project.id} className="hover:bg-slate-50">
                <td className="px-5 py-3">
                  {project.isMember ? (
                    <Link href={`/projects/${project.id}/dashboard`} className="font-medium text-primary hover:underline">
                      {project.name}
                    </Link>
                  ) : (
                    <span className="font-medium text-slate-900">{project.name}</span>
                  )}
                  {project.description && <p className="text-xs text-slate-500">{project.description}</p>}
                </td>
                <td className="px-5 py-3 text-slate-700">
                  <div className="flex flex-wrap gap-1">
                    {project.administrators.map((name) => (
                      <Badge key={name}>{name}</Badge>
                    ))}
                  </div>
                </td>
                <td className="px-5 py-3 text-right tabular-nums">{project.memberCount}</td>
                <td className="px-5 py-3 text-right tabular-nums">{project.secretCount}</td>
                <td className="px-5 py-3 text-slate-600">
                  <time dateTime={project.createdAt.toISOString()} title={formatExact(project.createdAt)}>
                    {formatRelative(project.createdAt)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
