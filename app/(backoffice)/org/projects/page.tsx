import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { canManageOrganization } from "@/lib/authz/policy";
import { getOrgGrant, requireUser } from "@/lib/authz/session";
import { listOrganizationProjects } from "@/lib/projects/projects";
import { ProjectsTable } from "./columns";
import { CreateProjectDialog } from "./create-project-dialog";

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
      <Card>
        <ProjectsTable projects={projects} isAdmin={isAdmin} />
      </Card>
    </>
  );
}
