"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { listFeatures } from "@/components/ui/data-table/data-table";
import Link from "next/link";
import { formatExact, formatRelative } from "@/components/format";
import { ExpiryBadge } from "@/components/secrets/expiry-badge";
import { StatusBadge } from "@/components/secrets/status-badge";
import type { GalleryRow } from "@/lib/secrets/queries";
import { purgeDate } from "@/lib/secrets/schema";
import { TrashRowActions } from "./trash-row-actions";

const helper = createColumnHelper<typeof listFeatures, GalleryRow>();

function Time({ date, by, prefix }: { date: Date; by: string | null; prefix: string }) {
  return (
    <time dateTime={date.toISOString()} title={`${prefix} ${formatExact(date)}${by ? ` by ${by}` : ""}`} className="whitespace-nowrap">
      {formatRelative(date)}
      {by && <span className="block text-xs text-slate-500">{by}</span>}
    </time>
  );
}

export function galleryColumns(projectId: string) {
  return helper.columns([
    helper.accessor("name", {
      header: "Name",
      cell: ({ row }) => (
        <Link
          href={`/projects/${projectId}/secrets/${row.original.id}`}
          className="block max-w-56 font-medium text-primary [overflow-wrap:break-word] hover:underline"
        >
          {row.original.name}
        </Link>
      ),
    }),
    helper.accessor("status", {
      header: "Status",
      cell: ({ row }) => (
        <span className="flex flex-wrap items-center gap-1">
          <StatusBadge status={row.original.status} />
          <ExpiryBadge expiresAt={row.original.expiresAt} />
        </span>
      ),
    }),
    helper.accessor("version", { header: "Version", cell: ({ row }) => <span className="tabular-nums">{row.original.version}</span> }),
    helper.accessor("updatedAt", {
      header: "Updated",
      cell: ({ row }) => <Time date={row.original.updatedAt} by={row.original.updatedBy} prefix="Updated" />,
    }),
    helper.accessor("description", {
      header: "Description",
      cell: ({ row }) => <span className="line-clamp-2 max-w-56 text-slate-600 [overflow-wrap:anywhere]">{row.original.description}</span>,
    }),
    helper.display({
      id: "usedBy",
      header: "Used by",
      cell: ({ row }) => <span className="text-slate-600">{row.original.usedBy?.length ? row.original.usedBy.join(", ") : "—"}</span>,
    }),
  ]);
}

export function trashColumns(projectId: string, canManage: boolean, canPurge: boolean) {
  return helper.columns([
    helper.accessor("name", { header: "Name", cell: ({ row }) => <span className="font-medium">{row.original.name}</span> }),
    helper.accessor("status", { header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> }),
    helper.accessor("version", { header: "Version", cell: ({ row }) => <span className="tabular-nums">{row.original.version}</span> }),
    helper.accessor("updatedAt", {
      header: "Deleted",
      enableSorting: false,
      cell: ({ row }) => <Time date={row.original.deletedAt!} by={row.original.deletedBy} prefix="Deleted" />,
    }),
    helper.display({
      id: "purge",
      header: "Purged on",
      cell: ({ row }) => (
        <span className="whitespace-nowrap text-slate-600">{formatExact(purgeDate(row.original.deletedAt!)).slice(0, 10)}</span>
      ),
    }),
    ...(canManage
      ? [
          helper.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: ({ row }) => <TrashRowActions projectId={projectId} secret={row.original} canPurge={canPurge} />,
          }),
        ]
      : []),
  ]);
}
