"use client";
import { useActionForm } from "@/components/forms/use-action-form";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { Controller } from "react-hook-form";
import type { z } from "zod";
import { CopyField, ShownOnce, ShownOnceDialog, useShownOnceDialog } from "@/components/copy-field";
import { FormActions } from "@/components/forms/form-actions";
import { DialogDescription } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { createTokenSchema } from "@/lib/tokens/schema";
import { createApiTokenAction } from "./actions";

type Values = z.input<typeof createTokenSchema>;
const DEFAULTS: Values = { name: "", scope: "READ", expiresInDays: 90 };

export function CreateTokenDialog({ projectId }: { projectId: string }) {
  const dialog = useShownOnceDialog<{ name: string; token: string }>();
  const created = dialog.shown;
  const router = useRouter();
  const { form, errors, submit, pending, alert, guard } = useActionForm({
    schema: createTokenSchema,
    defaultValues: DEFAULTS,
    guarding: dialog.open && !created,
    action: (values) => createApiTokenAction(projectId, values),
    onSuccess: (result, values) => {
      dialog.show({ name: values.name, token: result.token });
      form.reset(DEFAULTS);
      router.refresh();
    },
  });

  return (
    <ShownOnceDialog
      dialog={dialog}
      guard={guard.dialog}
      title={created ? `Token "${created.name}" created` : "Create token"}
      icon={Plus}
      action="Create token"
    >
      {created ? (
        <ShownOnce
          description="Copy it now: it is shown only this once. Only its hash is stored."
          label="New API token"
          value={created.token}
          onCopied={dialog.markCopied}
          onDone={dialog.close}
        >
          <div className="grid gap-1.5">
            <p className="text-sm text-slate-600">Try it: a tool resolving its settings with this token.</p>
            <CopyField label="curl command" value={curlLine(created.token)} onCopied={dialog.markCopied} />
          </div>
        </ShownOnce>
      ) : (
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          {alert}
          <DialogDescription>One token per tool or script, so each can be revoked on its own.</DialogDescription>
          <FormField id="token-name" label="Name" error={errors.name?.message}>
            <Input maxLength={60} {...form.register("name")} />
          </FormField>
          <FormField
            id="token-scope"
            label="Scope"
            hint="Read resolves secrets; Manage can also create, change and delete them and manage accesses."
            error={errors.scope?.message}
          >
            {(control) => (
              <Controller
                control={form.control}
                name="scope"
                render={({ field }) => (
                  <Select value={field.value} onValueChange={field.onChange}>
                    <SelectTrigger {...control} className="w-40">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="READ">Read</SelectItem>
                      <SelectItem value="MANAGE">Manage</SelectItem>
                    </SelectContent>
                  </Select>
                )}
              />
            )}
          </FormField>
          <FormField
            id="token-expiry"
            label="Expires after (days)"
            hint="0 for a token that never expires."
            error={errors.expiresInDays?.message}
          >
            <Input type="number" min={0} max={3650} className="w-32" {...form.register("expiresInDays")} />
          </FormField>
          <FormActions submitLabel="Create" pending={pending} onCancel={dialog.close} />
        </form>
      )}
    </ShownOnceDialog>
  );
}

/** A ready command line for the new token, on the address the browser uses (the public one). */
function curlLine(token: string) {
  return `curl -sS -H "Authorization: Bearer ${token}" ${window.location.origin}/v1/tools/web-search/config`;
}
