"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { Check, Minus } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { DataTable, listFeatures } from "@/components/ui/data-table/data-table";
import { ALL_PERMISSIONS, PERMISSION_DETAILS, PERMISSIONS, type Permission } from "@/lib/authz/permissions";
import { DeleteRoleButton } from "./delete-role-button";
import { RoleDialog } from "./role-dialog";

export type MatrixRole = {
  id: string;
  name: string;
  description: string;
  systemKey: string | null;
  memberCount: number;
  permissions: string[];
  /** What the role allows as the policy reads it, with what its permissions imply (edit includes reveal); computed on the server. */
  allowed: Permission[];
};

const helper = createColumnHelper<typeof listFeatures, { permission: Permission }>();
const ROWS = ALL_PERMISSIONS.map((permission) => ({ permission }));

function matrixColumns(projectId: string, roles: MatrixRole[], canManage: boolean, permissionOptions: { value: string; label: string }[]) {
  return helper.columns([
    helper.accessor("permission", {
      header: "Permission",
      meta: { rowHeader: true },
      cell: ({ row: { original } }) => (
        <span className="block min-w-52 text-slate-700">
          {PERMISSIONS[original.permission]}
          <span className="block max-w-md text-xs text-slate-500">{PERMISSION_DETAILS[original.permission]}</span>
        </span>
      ),
    }),
    ...roles.map((role) =>
      helper.display({
        id: role.id,
        meta: { align: "center" },
        header: () => (
          <>
            <span className="block normal-case text-slate-800">{role.name}</span>
            <span className="block font-normal normal-case">
              {role.systemKey ? <Badge>System</Badge> : <Badge tone="info">Custom</Badge>} · {role.memberCount} member
              {role.memberCount === 1 ? "" : "s"}
            </span>
            {canManage && !role.systemKey && (
              <span className="mt-1 flex justify-center gap-1">
                <RoleDialog
                  projectId={projectId}
                  permissions={permissionOptions}
                  role={{ id: role.id, name: role.name, description: role.description, permissions: role.permissions }}
                />
                <DeleteRoleButton projectId={projectId} roleId={role.id} name={role.name} />
              </span>
            )}
          </>
        ),
        cell: ({ row }) =>
          role.allowed.includes(row.original.permission) ? (
            <Check className="mx-auto size-4 text-emerald-600" aria-label="Allowed" />
          ) : (
            <Minus className="mx-auto size-4 text-slate-300" aria-label="Not allowed" />
          ),
      }),
    ),
  ]);
}

/** Permissions down, roles across: what each role allows. */
export function RolesMatrix({
  projectId,
  roles,
  canManage,
  permissionOptions,
}: {
  projectId: string;
  roles: MatrixRole[];
  canManage: boolean;
  permissionOptions: { value: string; label: string; hint: string }[];
}) {
  return (
    <DataTable
      label="Roles"
      columns={matrixColumns(projectId, roles, canManage, permissionOptions)}
      rows={ROWS}
      rowId={(row) => row.permission}
      empty="No permission."
      className="rounded-lg border border-slate-200 bg-white shadow-sm"
    />
  );
}
