"use client";
import { useActionForm } from "@/components/forms/use-action-form";
import { Loader2, UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller } from "react-hook-form";
import { toast } from "sonner";
import { ShownOnce, useShownOnce } from "@/components/copy-field";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { addMemberSchema } from "@/lib/members/schema";
import { addMemberAction } from "./actions";
import { roleOptions } from "./role-options";

export function AddMemberDialog({
  projectId,
  roles,
}: {
  projectId: string;
  roles: { id: string; name: string; systemKey: string | null }[];
}) {
  const [open, setOpen] = useState(false);
  const [invitation, setInvitation] = useState<{ email: string; url: string } | null>(null);
  const router = useRouter();
  const memberRole = roles.find((r) => r.systemKey === "project_member");
  const defaults = { email: "", roleIds: memberRole ? [memberRole.id] : [] };
  const { form, errors, submit, pending, alert, guard } = useActionForm({
    schema: addMemberSchema,
    defaultValues: defaults,
    guarding: open,
    action: (values) => addMemberAction(projectId, values),
    onSuccess: (result, values) => {
      router.refresh();
      form.reset(defaults);
      if (result.invitationUrl) {
        setInvitation({ email: values.email, url: result.invitationUrl });
        toast.success(`${values.email} added. Send them the invitation link.`);
      } else if (result.pending) {
        toast.success(
          `${values.email} added. They have not chosen a password yet: their invitation link comes from the project that invited them, or from an organization administrator.`,
        );
        setOpen(false);
      } else {
        toast.success(`${values.email} added to the project.`);
        setOpen(false);
      }
    },
  });
  const once = useShownOnce();

  return (
    <Dialog
      open={open}
      onOpenChange={(next) =>
        next
          ? setOpen(true)
          : once.guardClose(invitation !== null, () => {
              setOpen(false);
              setInvitation(null);
            })
      }
    >
      {guard.dialog}
      {once.dialog}
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden /> Add member
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>Add member</DialogTitle>
        {invitation ? (
          <ShownOnce
            description={`${invitation.email} has no account yet. Send them this link: it lets them choose a password, works once, and expires in 7 days. It is shown only now.`}
            label="Invitation link"
            value={invitation.url}
            onCopied={once.markCopied}
            onDone={() =>
              once.guardClose(true, () => {
                setOpen(false);
                setInvitation(null);
              })
            }
          />
        ) : (
          <form onSubmit={submit} noValidate className="grid gap-4">
            {alert}
            <DialogDescription>An existing account joins at once; a new person gets an invitation link to copy.</DialogDescription>
            <FormField id="member-email" label="Email" error={errors.email?.message}>
              <Input type="email" autoComplete="off" {...form.register("email")} />
            </FormField>
            <Controller
              control={form.control}
              name="roleIds"
              render={({ field }) => (
                <CheckboxGroup
                  legend="Roles"
                  idPrefix="add-role"
                  options={roleOptions(roles)}
                  value={field.value}
                  onChange={field.onChange}
                  error={errors.roleIds?.message}
                />
              )}
            />
            <div className="flex justify-end gap-2">
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending && <Loader2 className="animate-spin" aria-hidden />}
                Add
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
