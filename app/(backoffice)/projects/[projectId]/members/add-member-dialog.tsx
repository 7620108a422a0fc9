"use client";
import { useActionForm } from "@/components/forms/use-action-form";
import { UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { Controller } from "react-hook-form";
import { toast } from "sonner";
import { ShownOnce, ShownOnceDialog, useShownOnceDialog } from "@/components/copy-field";
import { FormActions } from "@/components/forms/form-actions";
import { CheckboxGroup } from "@/components/ui/checkbox";
import { DialogDescription } from "@/components/ui/dialog";
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
  const dialog = useShownOnceDialog<{ email: string; url: string }>();
  const invitation = dialog.shown;
  const router = useRouter();
  const memberRole = roles.find((r) => r.systemKey === "project_member");
  const defaults = { email: "", roleIds: memberRole ? [memberRole.id] : [] };
  const { form, errors, submit, pending, alert, guard } = useActionForm({
    schema: addMemberSchema,
    defaultValues: defaults,
    guarding: dialog.open,
    action: (values) => addMemberAction(projectId, values),
    onSuccess: (result, values) => {
      router.refresh();
      form.reset(defaults);
      if (result.invitationUrl) {
        dialog.show({ email: values.email, url: result.invitationUrl });
        toast.success(`${values.email} added. Send them the invitation link.`);
      } else if (result.pending) {
        toast.success(
          `${values.email} added. They have not chosen a password yet: their invitation link comes from the project that invited them, or from an organization administrator.`,
        );
        dialog.close();
      } else {
        toast.success(`${values.email} added to the project.`);
        dialog.close();
      }
    },
  });
  return (
    <ShownOnceDialog dialog={dialog} guard={guard.dialog} icon={UserPlus} action="Add member">
      {invitation ? (
        <ShownOnce
          description={`${invitation.email} has no account yet. Send them this link: it lets them choose a password, works once, and expires in 7 days. It is shown only now.`}
          label="Invitation link"
          value={invitation.url}
          onCopied={dialog.markCopied}
          onDone={dialog.close}
        />
      ) : (
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
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
          <FormActions submitLabel="Add" pending={pending} onCancel={dialog.close} />
        </form>
      )}
    </ShownOnceDialog>
  );
}
