import type { Metadata } from "next";
import { Check, Minus } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { ALL_PERMISSIONS, PERMISSION_DETAILS, PERMISSIONS } from "@/lib/authz/permissions";
import { can, permissionsOfRoles } from "@/lib/authz/policy";
import { requireProjectPage } from "@/lib/authz/session";
import { listRoles } from "@/lib/roles/roles";
import { DeleteRoleButton } from "./delete-role-button";
import { RoleDialog } from "./role-dialog";
import { HeaderCell, TableHeader, scrollRegion } from "@/components/ui/table";

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
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" {...scrollRegion("Roles")}>
        <table className="w-full text-left text-sm">
          <TableHeader>
            <tr>
              <HeaderCell>Permission</HeaderCell>
              {roles.map((role) => (
                <th key={role.id} scope="col" className="px-4 py-2.5 text-center font-medium">
                  <span className="block normal-case text-slate-800">{role.name}</span>
                  <span className="block font-normal normal-case">
                    {role.systemKey ? <Badge>System</Badge> : <Badge tone="info">Custom</Badge>} · {role.memberCount} member
                    {role.memberCount === 1 ? "" : "s"}
                  </span>
                  {canManage && !role.systemKey && (
                    <span className="mt-1 flex justify-center gap-1">
                      <RoleDialog
                        projectId={project.id}
                        permissions={permissionOptions}
                        role={{ id: role.id, name: role.name, description: role.description, permissions: role.permissions }}
                      />
                      <DeleteRoleButton projectId={project.id} roleId={role.id} name={role.name} />
                    </span>
                  )}
                </th>
              ))}
            </tr>
          </TableHeader>
          <tbody className="divide-y divide-slate-100">
            {ALL_PERMISSIONS.map((permission) => (
              <tr key={permission}>
                <th scope="row" className="min-w-52 px-4 py-2.5 font-normal text-slate-700">
                  {PERMISSIONS[permission]}
                  <span className="block max-w-md text-xs text-slate-500">{PERMISSION_DETAILS[permission]}</span>
                </th>
                {roles.map((role) => {
                  // As the policy reads the role: with what its permissions imply (edit includes reveal).
                  const has = permissionsOfRoles([role]).has(permission);
                  return (
                    <td key={role.id} className="px-4 py-2.5 text-center">
                      {has ? (
                        <Check className="mx-auto size-4 text-emerald-600" aria-label="Allowed" />
                      ) : (
                        <Minus className="mx-auto size-4 text-slate-300" aria-label="Not allowed" />
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
