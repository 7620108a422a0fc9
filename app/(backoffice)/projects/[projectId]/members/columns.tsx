"use client";
import { createColumnHelper } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { formatExact, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { listFeatures } from "@/components/ui/data-table/data-table";

export type MemberRole = { id: string; name: string; systemKey: string | null };
export type MemberRow = {
  memberId: string;
  userId: string;
  name: string;
  email: string;
  invited: boolean;
  invitedHere: boolean;
  joinedAt: Date;
  roles: MemberRole[];
};

const helper = createColumnHelper<typeof listFeatures, MemberRow>();

/** The project's members: who, with which roles, since when; and what an administrator can do with each (`actions`). */
export function memberColumns({ currentUserId, actions }: { currentUserId: string; actions?: (row: MemberRow) => ReactNode }) {
  return helper.columns([
    helper.accessor("email", {
      header: "Member",
      cell: ({ row: { original: member } }) => (
        <>
          <span className="font-medium">{member.name || member.email}</span>
          {member.userId === currentUserId && <span className="ml-2 text-xs text-slate-500">(you)</span>}
          <span className="block text-xs text-slate-500">{member.email}</span>
        </>
      ),
    }),
    helper.accessor("roles", {
      header: "Roles",
      cell: ({ row: { original: member } }) => (
        <div className="flex flex-wrap gap-1">
          {member.roles.map((role) => (
            <Badge key={role.id} tone={role.systemKey === "project_admin" ? "info" : "neutral"}>
              {role.name}
            </Badge>
          ))}
          {member.invited && <Badge tone="warning">Invitation pending</Badge>}
        </div>
      ),
    }),
    helper.accessor("joinedAt", {
      header: "Joined",
      cell: ({ row: { original: member } }) => (
        <span className="text-slate-600">
          {/* Someone who has not accepted yet has not joined: they were invited. */}
          {member.invited && "Invited "}
          <time dateTime={member.joinedAt.toISOString()} title={formatExact(member.joinedAt)}>
            {formatRelative(member.joinedAt)}
          </time>
        </span>
      ),
    }),
    ...(actions
      ? [
          helper.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            meta: { align: "right" },
            cell: ({ row }) => actions(row.original),
          }),
        ]
      : []),
  ]);
}
