"use client";
import { FormActions } from "@/components/forms/form-actions";
import { useActionForm } from "@/components/forms/use-action-form";
import { Pencil, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller } from "react-hook-form";
import { toast } from "sonner";
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
  const router = useRouter();
  const defaults: Values = {
    name: role?.name ?? "",
    description: role?.description ?? "",
    permissions: role?.permissions ?? ["secrets.list", "tools.view"],
  };
  const { form, errors, submit, pending, alert, guard } = useActionForm({
    schema: roleSchema,
    defaultValues: defaults,
    guarding: open,
    action: (values) => (role ? updateRoleAction(projectId, role.id, values) : createRoleAction(projectId, values)),
    onSuccess: (_result, values) => {
      toast.success(role ? `Role "${values.name.trim()}" saved.` : `Role "${values.name.trim()}" created.`);
      setOpen(false);
      if (!role) form.reset(defaults);
      router.refresh();
    },
  });

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
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          {alert}
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
          <FormActions submitLabel={role ? "Save" : "Create"} pending={pending} onCancel={() => setOpen(false)} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
