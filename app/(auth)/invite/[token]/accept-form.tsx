"use client";
import { callAction } from "@/components/forms/call-action";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { acceptInvitationSchema } from "@/lib/members/schema";
import { acceptInvitationAction } from "./actions";

type Values = z.input<typeof acceptInvitationSchema>;

export function AcceptInvitationForm({ token, defaultName }: { token: string; defaultName: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<Values, unknown, z.output<typeof acceptInvitationSchema>>({
    resolver: zodResolver(acceptInvitationSchema),
    defaultValues: { name: defaultName, password: "", confirm: "" },
  });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await callAction(() => acceptInvitationAction(token, values));
      if (!result.ok) {
        applyFieldErrors(form, result.fieldErrors);
        setMessage(result.message);
        return;
      }
      // Signed in already, the action's redirect takes the person in; this is the rare case where it could not.
      toast.success("Your password is set. Sign in with it.");
      router.push("/login");
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <p role="status" aria-live="polite" className="text-sm text-red-700 empty:hidden">
        {message}
      </p>
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
