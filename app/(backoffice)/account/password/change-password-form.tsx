"use client";
import { Loader2 } from "lucide-react";
import { toast } from "sonner";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { changePasswordSchema } from "@/lib/auth/schema";
import { changePasswordAction } from "../actions";

const EMPTY = { current: "", password: "", confirm: "" };

export function ChangePasswordForm() {
  const { form, errors, submit, pending, alert, guard } = useActionForm({
    schema: changePasswordSchema,
    defaultValues: EMPTY,
    action: (values) => changePasswordAction(values),
    onSuccess: () => {
      form.reset(EMPTY);
      toast.success("Password changed. Your other sessions are signed out.");
    },
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4">
      {guard.dialog}
      {alert}
      <FormField id="password-current" label="Current password" error={errors.current?.message}>
        <Input type="password" autoComplete="current-password" {...form.register("current")} />
      </FormField>
      <FormField id="password-new" label="New password" hint="At least 12 characters." error={errors.password?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("password")} />
      </FormField>
      <FormField id="password-confirm" label="Repeat the new password" error={errors.confirm?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
      </FormField>
      <div>
        <Button type="submit" disabled={pending}>
          {pending && <Loader2 className="animate-spin" aria-hidden />}
          Change password
        </Button>
      </div>
    </form>
  );
}
