"use client";
import { callAction } from "@/components/forms/call-action";
import { useDebouncedSearch } from "@/components/forms/use-debounced-search";
import { Loader2, Search, UserMinus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { CopyField, useShownOnce } from "@/components/copy-field";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { formatExact, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Pagination } from "@/components/ui/data-table/pagination";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { reinviteMemberAction, removeMemberAction, updateMemberRolesAction } from "./actions";
import { roleOptions } from "./role-options";
import { HeaderCell, TableHeader, scrollRegion } from "@/components/ui/table";

type Role = { id: string; name: string; systemKey: string | null };
type Row = {
  memberId: string;
  userId: string;
  name: string;
  email: string;
  invited: boolean;
  invitedHere: boolean;
  joinedAt: Date;
  roles: Role[];
};

export function MembersTable(props: {
  projectId: string;
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
  q: string;
  roles: Role[];
  canManage: boolean;
  currentUserId: string;
}) {
  const { projectId, rows, total, page, pageSize, q, roles, canManage, currentUserId } = props;
  const { update, pending } = useUrlQuery();
  const [search, setSearch] = useDebouncedSearch(q, (text) => update({ q: text }));
  const [editing, setEditing] = useState<Row | null>(null);

  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex items-center gap-3 border-b border-slate-200 px-4 py-3">
        <div className="relative w-full max-w-xs">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-400" aria-hidden />
          <Input
            type="search"
            aria-label="Search members"
            placeholder="Search by name or email…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="pl-8"
          />
        </div>
        {pending && <Loader2 className="size-4 animate-spin text-slate-400" aria-label="Loading" />}
      </div>
      <div className="overflow-x-auto" {...scrollRegion("Members")}>
        <table className="w-full text-left text-sm">
          <TableHeader>
            <tr>
              <HeaderCell>Member</HeaderCell>
              <HeaderCell>Roles</HeaderCell>
              <HeaderCell>Joined</HeaderCell>
              {canManage && (
                <HeaderCell>
                  <span className="sr-only">Actions</span>
                </HeaderCell>
              )}
            </tr>
          </TableHeader>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.memberId}>
                <td className="px-4 py-3">
                  <span className="font-medium">{row.name || row.email}</span>
                  {row.userId === currentUserId && <span className="ml-2 text-xs text-slate-500">(you)</span>}
                  <span className="block text-xs text-slate-500">{row.email}</span>
                </td>
                <td className="px-4 py-3">
                  <div className="flex flex-wrap gap-1">
                    {row.roles.map((role) => (
                      <Badge key={role.id} tone={role.systemKey === "project_admin" ? "info" : "neutral"}>
                        {role.name}
                      </Badge>
                    ))}
                    {row.invited && <Badge tone="warning">Invitation pending</Badge>}
                  </div>
                </td>
                <td className="px-4 py-3 text-slate-600">
                  {/* Someone who has not accepted yet has not joined: they were invited. */}
                  {row.invited && "Invited "}
                  <time dateTime={row.joinedAt.toISOString()} title={formatExact(row.joinedAt)}>
                    {formatRelative(row.joinedAt)}
                  </time>
                </td>
                {canManage && (
                  <td className="px-4 py-3">
                    <RowActions projectId={projectId} row={row} onEdit={() => setEditing(row)} />
                  </td>
                )}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="px-4 py-10 text-center text-slate-500">
                  {q ? "No member matches this search." : "No members."}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pagination page={page} size={pageSize} total={total} sizes={[pageSize]} onChange={(patch) => update({ page: patch.page })} />
      {editing && <EditRolesDialog projectId={projectId} row={editing} roles={roles} onClose={() => setEditing(null)} />}
    </div>
  );
}

function RowActions({ projectId, row, onEdit }: { projectId: string; row: Row; onEdit: () => void }) {
  const router = useRouter();
  const [link, setLink] = useState<string | null>(null);
  const once = useShownOnce();
  const [pending, startTransition] = useTransition();
  const who = row.name || row.email;
  return (
    <div className="flex justify-end gap-2">
      {row.invited && !row.invitedHere && (
        <span
          className="self-center text-xs text-slate-500"
          title="Their link comes from the project that invited them, or from an organization administrator."
        >
          Invited by another project
        </span>
      )}
      {row.invitedHere && (
        <Button
          variant="ghost"
          size="sm"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await callAction(() => reinviteMemberAction(projectId, row.memberId));
              if (result.ok) setLink(result.invitationUrl);
              else toast.error(result.message);
            })
          }
        >
          New invitation link
        </Button>
      )}
      <Button variant="outline" size="sm" onClick={onEdit} aria-label={`Change roles of ${who}`}>
        Roles
      </Button>
      <ConfirmDialog
        trigger={
          <Button variant="ghost" size="sm" className="text-red-700" aria-label={`Remove ${who}`}>
            <UserMinus aria-hidden /> Remove
          </Button>
        }
        title={`Remove ${who}?`}
        description={`${row.email} loses access to this project on their next request, and their own entries in secrets' Accesses are removed.`}
        confirmLabel="Remove member"
        onConfirm={async () => {
          const result = await callAction(() => removeMemberAction(projectId, row.memberId));
          if (!result.ok) {
            toast.error(result.message);
            return false;
          }
          toast.success(`${result.email} removed from the project.`);
          router.refresh();
          return true;
        }}
      />
      <Dialog open={link !== null} onOpenChange={(open) => !open && once.guardClose(link !== null, () => setLink(null))}>
        <DialogContent>
          <DialogTitle>New invitation link</DialogTitle>
          <DialogDescription>For {row.email}. Earlier links no longer work. This one works once and expires in 7 days.</DialogDescription>
          {link && <CopyField label="Invitation link" value={link} onCopied={once.markCopied} />}
          {once.dialog}
        </DialogContent>
      </Dialog>
    </div>
  );
}

function EditRolesDialog({ projectId, row, roles, onClose }: { projectId: string; row: Row; roles: Role[]; onClose: () => void }) {
  const router = useRouter();
  const [value, setValue] = useState(row.roles.map((r) => r.id));
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const changed = value.length !== row.roles.length || row.roles.some((r) => !value.includes(r.id));
  const guard = useUnsavedChanges(changed);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      {guard.dialog}
      <DialogContent>
        <DialogTitle>Roles of {row.name || row.email}</DialogTitle>
        <DialogDescription>Takes effect on their next request.</DialogDescription>
        <CheckboxGroup legend="Roles" idPrefix="edit-role" options={roleOptions(roles)} value={value} onChange={setValue} error={error} />
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await callAction(() => updateMemberRolesAction(projectId, row.memberId, { roleIds: value }));
                if (!result.ok) {
                  setError(result.fieldErrors?.roleIds?.[0] ?? result.message);
                  return;
                }
                toast.success(`Roles of ${row.email} saved.`);
                router.refresh();
                onClose();
              })
            }
          >
            {pending && <Loader2 className="animate-spin" aria-hidden />}
            Save
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
