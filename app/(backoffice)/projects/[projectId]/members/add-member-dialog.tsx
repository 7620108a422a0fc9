"use client";
import { callAction } from "@/components/forms/call-action";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { FormAlert } from "@/components/forms/form-alert";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import type { z } from "zod";
import { ShownOnce, useShownOnce } from "@/components/copy-field";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { addMemberSchema } from "@/lib/members/schema";
import { addMemberAction } from "./actions";
import { roleOptions } from "./role-options";

type Values = z.input<typeof addMemberSchema>;

export function AddMemberDialog({
  projectId,
  roles,
}: {
  projectId: string;
  roles: { id: string; name: string; systemKey: string | null }[];
}) {
  const [open, setOpen] = useState(false);
  const [invitation, setInvitation] = useState<{ email: string; url: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<{ message: string; retry: boolean } | null>(null);
  const router = useRouter();
  const memberRole = roles.find((r) => r.systemKey === "project_member");
  const defaults = { email: "", roleIds: memberRole ? [memberRole.id] : [] };
  const form = useForm<Values, unknown, z.output<typeof addMemberSchema>>({
    resolver: zodResolver(addMemberSchema),
    defaultValues: defaults,
  });
  const { errors } = form.formState;
  const once = useShownOnce();
  const guard = useUnsavedChanges(open && form.formState.isDirty);

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await callAction(() => addMemberAction(projectId, values));
      setFailure(null);
      if (!result.ok) {
        applyFieldErrors(form, result.fieldErrors);
        setFailure({ message: result.message, retry: "unreached" in result });
        return;
      }
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
    }),
  );

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
          <form onSubmit={onSubmit} noValidate className="grid gap-4">
            {failure && (
              <FormAlert message={failure.message} pending={pending} onRetry={failure.retry ? () => void onSubmit() : undefined} />
            )}
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
