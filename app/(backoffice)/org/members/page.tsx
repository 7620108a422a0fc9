import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { canManageOrganization } from "@/lib/authz/policy";
import { getOrgGrant, requireUser } from "@/lib/authz/session";
import { listOrganizationMembers } from "@/lib/organization/members";
import { listOrganizationProjects } from "@/lib/projects/projects";
import { MakeAdminDialog } from "./make-admin-dialog";
import { ReissueLinkButton } from "./reissue-link-button";
import { HeaderCell, TableHeader, scrollRegion } from "@/components/ui/table";

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
      <Card className="overflow-x-auto" {...scrollRegion("Organization members")}>
        <table className="w-full text-left text-sm">
          <TableHeader>
            <tr>
              <HeaderCell className="px-5 py-3">Person</HeaderCell>
              <HeaderCell className="px-5 py-3">Organization role</HeaderCell>
              {isAdmin && <HeaderCell className="px-5 py-3">Projects</HeaderCell>}
            </tr>
          </TableHeader>
          <tbody className="divide-y divide-slate-100">
            {members.map((member) => (
              <tr key={member.userId}>
                <td className="px-5 py-3">
                  <span className="font-medium">{member.name || member.email}</span>
                  <span className="block text-xs text-slate-500">{member.email}</span>
                </td>
                <td className="px-5 py-3">
                  {member.isOrgAdmin ? <Badge tone="info">Organization administrator</Badge> : <Badge>Member</Badge>}
                  {member.invited && (
                    <>
                      <Badge tone="warning" className="ml-1">
                        Invitation pending
                      </Badge>
                      <ReissueLinkButton userId={member.userId} email={member.email} />
                    </>
                  )}
                </td>
                {isAdmin && (
                  <td className="px-5 py-3">
                    <div className="flex flex-wrap gap-1">
                      {member.projects.length === 0 && <span className="text-slate-500">None</span>}
                      {member.projects.map((p) => (
                        <Badge key={p.id} tone={p.isAdmin ? "info" : "neutral"}>
                          {p.name}
                          {p.isAdmin ? " · admin" : ""}
                        </Badge>
                      ))}
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
