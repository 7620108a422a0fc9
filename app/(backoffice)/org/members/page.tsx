import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { canManageOrganization } from "@/lib/authz/policy";
import { getOrgGrant, requireUser } from "@/lib/authz/session";
import { listOrganizationMembers } from "@/lib/organization/members";
import { listOrganizationProjects } from "@/lib/projects/projects";
import { OrganizationMembersTable } from "./columns";
import { MakeAdminDialog } from "./make-admin-dialog";

export const metadata: Metadata = { title: "Organization members" };

export default async function OrganizationMembersPage() {
  const user = await requireUser();
  const org = await getOrgGrant(user.id);
  if (!org) notFound();
  const isAdmin = canManageOrganization(org);
  const [members, projects] = await Promise.all([
    // Pending state and others' projects: organization administrators only.
    listOrganizationMembers(org.organizationId, { detailed: isAdmin }),
    listOrganizationProjects(org.organizationId, user.id),
  ]);
  return (
    <>
      <PageHeader
        title="Organization members"
        description={isAdmin ? "Everyone in the organization, and the projects they belong to." : "Everyone in the organization."}
        actions={
          isAdmin ? (
            <MakeAdminDialog
              people={members.map((m) => ({ id: m.userId, label: m.name ? `${m.name} (${m.email})` : m.email }))}
              projects={projects.map((p) => ({ id: p.id, label: p.name }))}
            />
          ) : undefined
        }
      />
      <Card>
        <OrganizationMembersTable members={members} isAdmin={isAdmin} />
      </Card>
    </>
  );
}
