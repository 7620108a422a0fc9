import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ALL_PERMISSIONS, PERMISSION_DETAILS, PERMISSIONS } from "@/lib/authz/permissions";
import { can, permissionsOfRoles } from "@/lib/authz/policy";
import { requireProjectPage } from "@/lib/authz/session";
import { listRoles } from "@/lib/roles/roles";
import { RolesMatrix } from "./columns";
import { RoleDialog } from "./role-dialog";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { grant, project } = await requireProjectPage(projectId);
  const roles = await listRoles(project.id);
  const canManage = can(grant, "roles.manage");
  const permissionOptions = ALL_PERMISSIONS.map((p) => ({ value: p, label: PERMISSIONS[p], hint: PERMISSION_DETAILS[p] }));

  return (
    <>
      <PageHeader
        title="Roles"
        description="What each role allows. System roles are fixed; custom roles carry the permissions you choose and can be granted on secrets like members."
        actions={canManage ? <RoleDialog projectId={project.id} permissions={permissionOptions} /> : undefined}
      />
      <RolesMatrix
        projectId={project.id}
        roles={roles.map((role) => ({ ...role, allowed: ALL_PERMISSIONS.filter((p) => permissionsOfRoles([role]).has(p)) }))}
        canManage={canManage}
        permissionOptions={permissionOptions}
      />
    </>
  );
}
