"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { createProjectSchema } from "@/lib/validation/projects";
import { createProjectAction } from "./actions";

type Values = z.input<typeof createProjectSchema>;

export function CreateProjectDialog({ defaultAdminEmail }: { defaultAdminEmail: string }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const form = useForm<Values, unknown, z.output<typeof createProjectSchema>>({
    resolver: zodResolver(createProjectSchema),
    defaultValues: { name: "", description: "", adminEmail: defaultAdminEmail },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await createProjectAction(values);
      if (!result.ok) {
        applyFieldErrors(form, result.fieldErrors);
        toast.error(result.message);
        return;
      }
      toast.success(`Project "${values.name.trim()}" created.`);
      setOpen(false);
      form.reset({ name: "", description: "", adminEmail: defaultAdminEmail });
      router.refresh();
    }),
  );

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Create project
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>Create project</DialogTitle>
        <DialogDescription>The first administrator manages the project&apos;s secrets, members and tokens.</DialogDescription>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          <FormField id="project-name" label="Name" error={errors.name?.message}>
            <Input maxLength={80} {...form.register("name")} />
          </FormField>
          <FormField id="project-description" label="Description" hint="Optional." error={errors.description?.message}>
            <Textarea maxLength={500} {...form.register("description")} />
          </FormField>
          <FormField id="project-admin" label="First administrator's email" hint="An existing account." error={errors.adminEmail?.message}>
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
      </DialogContent>
    </Dialog>
  );
}
