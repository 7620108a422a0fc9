"use client";
import { useActionForm } from "@/components/forms/use-action-form";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { acceptInvitationSchema } from "@/lib/members/schema";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationForm({ token, defaultName }: { token: string; defaultName: string }) {
  const router = useRouter();
  const { form, errors, submit, pending, alert } = useActionForm({
    schema: acceptInvitationSchema,
    defaultValues: { name: defaultName, password: "", confirm: "" },
    guarding: false,
    action: (values) => acceptInvitationAction(token, values),
    onSuccess: () => {
      // Signed in already, the action's redirect takes the person in; this is the rare case where it could not.
      toast.success("Your password is set. Sign in with it.");
      router.push("/login");
    },
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4">
      {alert}
      <FormField id="invite-name" label="Your name" error={errors.name?.message}>
        <Input autoComplete="name" {...form.register("name")} />
      </FormField>
      <FormField id="invite-password" label="Password" hint="At least 12 characters." error={errors.password?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("password")} />
      </FormField>
      <FormField id="invite-confirm" label="Repeat the password" error={errors.confirm?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
      </FormField>
      <Button type="submit" disabled={pending}>
        {pending && <Loader2 className="animate-spin" aria-hidden />}
        Set password
      </Button>
    </form>
  );
}
