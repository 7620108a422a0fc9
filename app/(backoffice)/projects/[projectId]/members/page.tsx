import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/authz/policy";
import { requireProjectPage } from "@/lib/authz/session";
import { listMembers, listProjectRoles, MEMBER_PAGE_SIZE } from "@/lib/members/members";
import { AddMemberDialog } from "./add-member-dialog";
import { MembersTable } from "./members-table";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ q?: string; page?: string }>;
}) {
  const { projectId } = await params;
  const { grant, project, user } = await requireProjectPage(projectId);
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q.trim().slice(0, 100) : "";
  const page = Math.max(1, Math.min(10_000, Number.parseInt(sp.page ?? "1", 10) || 1));
  const [{ rows, total }, roles] = await Promise.all([listMembers(project.id, { q, page }), listProjectRoles(project.id)]);
  const canManage = can(grant, "members.manage");
  return (
    <>
      <PageHeader
        title="Members"
        description="People in this project and their roles. Changes take effect on their very next request."
        actions={canManage ? <AddMemberDialog projectId={project.id} roles={roles} /> : undefined}
      />
      <MembersTable
        projectId={project.id}
        rows={rows}
        total={total}
        page={page}
        pageSize={MEMBER_PAGE_SIZE}
        q={q}
        roles={roles}
        canManage={canManage}
        currentUserId={user.id}
      />
    </>
  );
}
