"use client";
import { callAction } from "@/components/forms/call-action";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { FormAlert } from "@/components/forms/form-alert";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, Pencil, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { roleSchema } from "@/lib/members/schema";
import { createRoleAction, updateRoleAction } from "./actions";

type Values = z.input<typeof roleSchema>;

/** Creates a custom role, or edits one when `role` is given. */
export function RoleDialog({
  projectId,
  permissions,
  role,
}: {
  projectId: string;
  permissions: { value: string; label: string }[];
  role?: { id: string; name: string; description: string; permissions: string[] };
}) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<{ message: string; retry: boolean } | null>(null);
  const router = useRouter();
  const defaults = {
    name: role?.name ?? "",
    description: role?.description ?? "",
    permissions: role?.permissions ?? ["secrets.list", "tools.view"],
  };
  const form = useForm<Values, unknown, z.output<typeof roleSchema>>({ resolver: zodResolver(roleSchema), defaultValues: defaults });
  const { errors } = form.formState;
  const guard = useUnsavedChanges(open && form.formState.isDirty);

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await callAction(() => (role ? updateRoleAction(projectId, role.id, values) : createRoleAction(projectId, values)));
      setFailure(null);
      if (!result.ok) {
        applyFieldErrors(form, result.fieldErrors);
        setFailure({ message: result.message, retry: "unreached" in result });
        return;
      }
      toast.success(role ? `Role "${values.name.trim()}" saved.` : `Role "${values.name.trim()}" created.`);
      setOpen(false);
      if (!role) form.reset(defaults);
      router.refresh();
    }),
  );

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {guard.dialog}
      <DialogTrigger asChild>
        {role ? (
          <Button variant="ghost" size="sm" aria-label={`Edit role ${role.name}`}>
            <Pencil aria-hidden />
          </Button>
        ) : (
          <Button>
            <Plus aria-hidden /> Create role
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto">
        <DialogTitle>{role ? `Edit role ${role.name}` : "Create role"}</DialogTitle>
        <DialogDescription>Members holding this role get every permission checked below.</DialogDescription>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          {failure && <FormAlert message={failure.message} pending={pending} onRetry={failure.retry ? () => void onSubmit() : undefined} />}
          <FormField id="role-name" label="Name" error={errors.name?.message}>
            <Input maxLength={60} {...form.register("name")} />
          </FormField>
          <FormField id="role-description" label="Description" hint="Optional." error={errors.description?.message}>
            <Input maxLength={300} {...form.register("description")} />
          </FormField>
          <Controller
            control={form.control}
            name="permissions"
            render={({ field }) => (
              <CheckboxGroup
                legend="Permissions"
                idPrefix={`perm-${role?.id ?? "new"}`}
                options={permissions}
                value={field.value}
                onChange={field.onChange}
                error={errors.permissions?.message}
              />
            )}
          />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending && <Loader2 className="animate-spin" aria-hidden />}
              {role ? "Save" : "Create"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
