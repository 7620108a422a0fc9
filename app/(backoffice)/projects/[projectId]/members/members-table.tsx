"use client";
import { UserMinus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { CopyField, useShownOnce } from "@/components/copy-field";
import { callAction } from "@/components/forms/call-action";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { FormActions } from "@/components/forms/form-actions";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table/data-table";
import { SearchFilter, Toolbar } from "@/components/ui/data-table/toolbar";
import { UrlPager } from "@/components/ui/data-table/url-pager";
import { useUrlQuery } from "@/components/ui/data-table/use-url-query";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { reinviteMemberAction, removeMemberAction, updateMemberRolesAction } from "./actions";
import { memberColumns, type MemberRole, type MemberRow } from "./columns";
import { roleOptions } from "./role-options";

type Row = MemberRow;

export function MembersTable(props: {
  projectId: string;
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
  q: string;
  roles: MemberRole[];
  canManage: boolean;
  currentUserId: string;
}) {
  const { projectId, rows, total, page, pageSize, q, roles, canManage, currentUserId } = props;
  const { pending } = useUrlQuery();
  const [editing, setEditing] = useState<Row | null>(null);
  const columns = useMemo(
    () =>
      memberColumns({
        currentUserId,
        actions: canManage ? (row) => <RowActions projectId={projectId} row={row} onEdit={() => setEditing(row)} /> : undefined,
      }),
    [currentUserId, canManage, projectId],
  );

  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <Toolbar pending={pending} className="items-center">
        <SearchFilter label="Search members" placeholder="Search by name or email…" value={q} />
      </Toolbar>
      <DataTable
        label="Members"
        columns={columns}
        rows={rows}
        rowId={(row) => row.memberId}
        pending={pending}
        empty={q ? "No member matches this search." : "No members."}
      />
      <UrlPager page={page} size={pageSize} total={total} />
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
          // Refused: said inside the dialog, which stays open.
          if (!result.ok) return result.message;
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

function EditRolesDialog({ projectId, row, roles, onClose }: { projectId: string; row: Row; roles: MemberRole[]; onClose: () => void }) {
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
        {/* Read-only while the save is on its way: the dialog closes once it lands. */}
        <fieldset disabled={pending} className="contents">
          <CheckboxGroup legend="Roles" idPrefix="edit-role" options={roleOptions(roles)} value={value} onChange={setValue} error={error} />
        </fieldset>
        <FormActions
          submitLabel="Save"
          pending={pending}
          onCancel={onClose}
          onSubmit={() =>
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
        />
      </DialogContent>
    </Dialog>
  );
}
