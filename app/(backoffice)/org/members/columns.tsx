"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable, listFeatures } from "@/components/ui/data-table/data-table";
import type { listOrganizationMembers } from "@/lib/organization/members";
import { ReissueLinkButton } from "./reissue-link-button";

export type OrganizationMemberRow = Awaited<ReturnType<typeof listOrganizationMembers>>[number];
const helper = createColumnHelper<typeof listFeatures, OrganizationMemberRow>();

const person = helper.accessor("email", {
  header: "Person",
  cell: ({ row: { original: member } }) => (
    <>
      <span className="font-medium">{member.name || member.email}</span>
      <span className="block text-xs text-slate-500">{member.email}</span>
    </>
  ),
});
const role = helper.accessor("isOrgAdmin", {
  header: "Organization role",
  cell: ({ row: { original: member } }) => (
    <>
      {member.isOrgAdmin ? <Badge tone="info">Organization administrator</Badge> : <Badge>Member</Badge>}
      {member.invited && (
        <>
          <Badge tone="warning" className="ml-1">
            Invitation pending
          </Badge>
          <ReissueLinkButton userId={member.userId} email={member.email} />
        </>
      )}
    </>
  ),
});
const projects = helper.accessor("projects", {
  header: "Projects",
  cell: ({ row }) => (
    <div className="flex flex-wrap gap-1">
      {row.original.projects.length === 0 && <span className="text-slate-500">None</span>}
      {row.original.projects.map((p) => (
        <Badge key={p.id} tone={p.isAdmin ? "info" : "neutral"}>
          {p.name}
          {p.isAdmin ? " · admin" : ""}
        </Badge>
      ))}
    </div>
  ),
});

const forMembers = helper.columns([person, role]);
const forAdministrators = helper.columns([person, role, projects]);

/** Everyone in the organization; its administrators also see each person's projects and pending invitations. */
export function OrganizationMembersTable({ members, isAdmin }: { members: OrganizationMemberRow[]; isAdmin: boolean }) {
  return (
    <DataTable
      label="Organization members"
      columns={isAdmin ? forAdministrators : forMembers}
      rows={members}
      rowId={(member) => member.userId}
      empty="Nobody is in the organization yet."
    />
  );
}
