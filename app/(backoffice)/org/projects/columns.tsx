"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { formatExact, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { DataTable, listFeatures } from "@/components/ui/data-table/data-table";
import type { listOrganizationProjects } from "@/lib/projects/projects";

export type ProjectRow = Awaited<ReturnType<typeof listOrganizationProjects>>[number];
const helper = createColumnHelper<typeof listFeatures, ProjectRow>();

const columns = helper.columns([
  helper.accessor("name", {
    header: "Name",
    cell: ({ row: { original: project } }) => (
      <>
        {project.isMember ? (
          <Link href={`/projects/${project.id}/dashboard`} className="font-medium text-primary hover:underline">
            {project.name}
          </Link>
        ) : (
          <span className="font-medium text-slate-900">{project.name}</span>
        )}
        {project.description && <p className="text-xs text-slate-500">{project.description}</p>}
      </>
    ),
  }),
  helper.accessor("administrators", {
    header: "Administrators",
    cell: ({ row }) => (
      <div className="flex flex-wrap gap-1">
        {row.original.administrators.map((name) => (
          <Badge key={name}>{name}</Badge>
        ))}
      </div>
    ),
  }),
  helper.accessor("memberCount", { header: "Members", meta: { align: "right" } }),
  helper.accessor("secretCount", { header: "Secrets", meta: { align: "right" } }),
  helper.accessor("createdAt", {
    header: "Created",
    cell: ({ row }) => (
      <time dateTime={row.original.createdAt.toISOString()} title={formatExact(row.original.createdAt)} className="text-slate-600">
        {formatRelative(row.original.createdAt)}
      </time>
    ),
  }),
]);

/** The organization's projects (all of them for its administrators, one's own otherwise). */
export function ProjectsTable({ projects, isAdmin }: { projects: ProjectRow[]; isAdmin: boolean }) {
  return (
    <DataTable
      label="Projects"
      columns={columns}
      rows={projects}
      rowId={(project) => project.id}
      empty={
        isAdmin
          ? "No project yet. Create one to start storing secrets."
          : "You are not a member of any project yet. Ask an administrator to add you."
      }
    />
  );
}
