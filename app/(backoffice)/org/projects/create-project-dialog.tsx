"use client";
import { useActionForm } from "@/components/forms/use-action-form";
import { Loader2, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ShownOnce, useShownOnce } from "@/components/copy-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { createProjectSchema } from "@/lib/projects/schema";
import { createProjectAction } from "./actions";

export function CreateProjectDialog({ defaultAdminEmail }: { defaultAdminEmail: string }) {
  const [open, setOpen] = useState(false);
  const [invitation, setInvitation] = useState<{ email: string; project: string; url: string } | null>(null);
  const router = useRouter();
  const { form, errors, submit, pending, alert, guard } = useActionForm({
    schema: createProjectSchema,
    defaultValues: { name: "", description: "", adminEmail: defaultAdminEmail },
    guarding: open,
    action: (values) => createProjectAction(values),
    onSuccess: (result, values) => {
      toast.success(`Project "${values.name.trim()}" created.`);
      form.reset({ name: "", description: "", adminEmail: defaultAdminEmail });
      router.refresh();
      if (result.invitationUrl)
        setInvitation({ email: values.adminEmail.trim().toLowerCase(), project: values.name.trim(), url: result.invitationUrl });
      else setOpen(false);
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
          <Plus aria-hidden /> Create project
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>Create project</DialogTitle>
        {invitation ? (
          <ShownOnce
            description={`${invitation.email} has no account yet and is the first administrator of ${invitation.project}. Send them this link: it lets them choose a password, works once, and expires in 7 days. It is shown only now.`}
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
          <>
            <DialogDescription>The first administrator manages the project&apos;s secrets, members and tokens.</DialogDescription>
            <form onSubmit={submit} noValidate className="grid gap-4">
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
              <div className="flex justify-end gap-2">
                <DialogClose asChild>
                  <Button type="button" variant="outline">
                    Cancel
                  </Button>
                </DialogClose>
                <Button type="submit" disabled={pending}>
                  {pending && <Loader2 className="animate-spin" aria-hidden />}
                  Create
                </Button>
              </div>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
