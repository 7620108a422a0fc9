"use client";
import { useActionForm } from "@/components/forms/use-action-form";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ShownOnce, ShownOnceDialog, useShownOnceDialog } from "@/components/copy-field";
import { FormActions } from "@/components/forms/form-actions";
import { DialogDescription } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { createProjectSchema } from "@/lib/projects/schema";
import { createProjectAction } from "./actions";

export function CreateProjectDialog({ defaultAdminEmail }: { defaultAdminEmail: string }) {
  const dialog = useShownOnceDialog<{ email: string; project: string; url: string }>();
  const invitation = dialog.shown;
  const router = useRouter();
  const { form, errors, submit, pending, alert, guard } = useActionForm({
    schema: createProjectSchema,
    defaultValues: { name: "", description: "", adminEmail: defaultAdminEmail },
    guarding: dialog.open,
    action: (values) => createProjectAction(values),
    onSuccess: (result, values) => {
      toast.success(`Project "${values.name.trim()}" created.`);
      form.reset({ name: "", description: "", adminEmail: defaultAdminEmail });
      router.refresh();
      if (result.invitationUrl)
        dialog.show({ email: values.adminEmail.trim().toLowerCase(), project: values.name.trim(), url: result.invitationUrl });
      else dialog.close();
    },
  });
  return (
    <ShownOnceDialog dialog={dialog} guard={guard.dialog} icon={Plus} action="Create project">
      {invitation ? (
        <ShownOnce
          description={`${invitation.email} has no account yet and is the first administrator of ${invitation.project}. Send them this link: it lets them choose a password, works once, and expires in 7 days. It is shown only now.`}
          label="Invitation link"
          value={invitation.url}
          onCopied={dialog.markCopied}
          onDone={dialog.close}
        />
      ) : (
        <>
          <DialogDescription>The first administrator manages the project&apos;s secrets, members and tokens.</DialogDescription>
          <form method="post" onSubmit={submit} noValidate className="grid gap-4">
            {alert}
            <FormField id="project-name" label="Name" error={errors.name?.message}>
              <Input maxLength={80} {...form.register("name")} />
            </FormField>
            <FormField id="project-description" label="Description" hint="Optional." error={errors.description?.message}>
              <Textarea maxLength={500} {...form.register("description")} />
            </FormField>
            <FormField
              id="project-admin"
              label="First administrator's email"
              hint="An existing account, or a new person who gets an invitation link."
              error={errors.adminEmail?.message}
            >
              <Input type="email" {...form.register("adminEmail")} />
            </FormField>
            <FormActions submitLabel="Create" pending={pending} onCancel={dialog.close} />
          </form>
        </>
      )}
    </ShownOnceDialog>
  );
}
