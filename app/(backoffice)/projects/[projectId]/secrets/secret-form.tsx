"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { AlertTriangle, Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { AlertDialog } from "radix-ui";
import { useState, useTransition } from "react";
import { Controller, useForm, useWatch, type Resolver } from "react-hook-form";
import { toast } from "sonner";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { formatExact, formatRelative } from "@/components/format";
import { ValueInput } from "@/components/secrets/value-input";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { createSecretSchema, SECRET_STATUSES, STATUS_LABELS, updateSecretSchema, type SecretStatusValue } from "@/lib/validation/secrets";
import { dayOfExpiry, isExpired } from "@/lib/secrets/rules";
import { createSecretAction, updateSecretAction } from "./actions";
import { RevealSecret } from "./reveal-secret";

type Values = { name: string; value: string; status: SecretStatusValue; description: string; expiresOn: string; revision?: number };

export type EditedSecret = {
  id: string;
  name: string;
  description: string;
  status: SecretStatusValue;
  version: number;
  revision: number;
  expiresAt: Date | null;
  updatedAt: Date;
  updatedByName: string | null;
};

const STATUS_HINTS: Record<SecretStatusValue, string> = {
  ACTIVE: "Available: the tools that reference it can use it.",
  INACTIVE: "Temporarily disabled: no tool can use it until it is made Active again.",
  REVOKED: "Invalidated: the stored value is never served again. Using the name again takes a new value.",
};

/** The General tab of the Secret Editor, for a new secret or an existing one. */
export function SecretForm({
  projectId,
  secret,
  initialName = "",
  canReveal = false,
  canRename = true,
  returnTo,
  usedBy = [],
}: {
  projectId: string;
  secret?: EditedSecret;
  initialName?: string;
  canReveal?: boolean;
  canRename?: boolean;
  returnTo?: string;
  /** The tool settings that refer to this secret by name. */
  usedBy?: { toolName: string; parameter: string }[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [banner, setBanner] = useState<{ message: string; conflict?: boolean } | null>(null);
  const gallery = `/projects/${projectId}/secrets`;
  const form = useForm<Values>({
    resolver: zodResolver(secret ? updateSecretSchema : createSecretSchema) as unknown as Resolver<Values>,
    defaultValues: secret
      ? {
          name: secret.name,
          value: "",
          status: secret.status,
          description: secret.description,
          expiresOn: dayOfExpiry(secret.expiresAt),
          revision: secret.revision,
        }
      : { name: initialName, value: "", status: "ACTIVE", description: "", expiresOn: "" },
  });
  const { errors, isDirty } = form.formState;
  const status = useWatch({ control: form.control, name: "status" });

  const [warning, setWarning] = useState<{ values: Values; reasons: string[] } | null>(null);

  /** Renaming, deactivating or revoking a secret in use breaks those tools: say which, first. */
  const onSubmit = form.handleSubmit((values) => {
    if (secret && usedBy.length > 0) {
      const reasons = [
        ...(values.name.trim() !== secret.name ? [`renaming it breaks their reference to "${secret.name}"`] : []),
        ...(values.status !== secret.status && values.status !== "ACTIVE"
          ? [`${values.status === "REVOKED" ? "revoking" : "deactivating"} it stops them from using it`]
          : []),
      ];
      if (reasons.length) {
        setWarning({ values, reasons });
        return;
      }
    }
    save(values);
  });

  const save = (values: Values) =>
    startTransition(async () => {
      setBanner(null);
      const result = secret ? await updateSecretAction(projectId, secret.id, values) : await createSecretAction(projectId, values);
      if (!result.ok) {
        applyFieldErrors(form, result.fieldErrors);
        setBanner({ message: result.message, conflict: "conflict" in result && result.conflict === true });
        toast.error(result.message);
        return;
      }
      if (!secret) {
        toast.success(`Secret "${values.name.trim()}" created.`);
        router.push(returnTo ?? gallery);
        return;
      }
      const saved = result as { version: number; revision: number };
      toast.success(values.value ? `Saved. "${values.name.trim()}" is now at version ${saved.version}.` : `Saved "${values.name.trim()}".`);
      form.reset({ ...values, value: "", revision: saved.revision });
      router.refresh();
    });

  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-2xl gap-5">
      <AlertDialog.Root open={warning !== null} onOpenChange={(open) => !open && setWarning(null)}>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
          <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 grid w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 gap-4 rounded-lg border border-slate-200 bg-white p-6 shadow-xl">
            <AlertDialog.Title className="text-lg font-semibold">This secret is in use</AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div className="grid gap-2 text-sm text-slate-600">
                <p>Used by:</p>
                <ul className="list-inside list-disc">
                  {usedBy.map((u) => (
                    <li key={`${u.toolName}-${u.parameter}`}>
                      {u.toolName} — {u.parameter}
                    </li>
                  ))}
                </ul>
                <p>{warning?.reasons.join("; ")}.</p>
              </div>
            </AlertDialog.Description>
            <div className="flex justify-end gap-2">
              <AlertDialog.Cancel asChild>
                <Button variant="outline">Keep editing</Button>
              </AlertDialog.Cancel>
              <Button
                variant="destructive"
                onClick={() => {
                  const values = warning!.values;
                  setWarning(null);
                  save(values);
                }}
              >
                Save anyway
              </Button>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
      {banner && (
        <div role="alert" className="flex gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
          <div>
            <p>{banner.message}</p>
            {banner.conflict && (
              <Button type="button" variant="link" className="h-auto p-0" onClick={() => window.location.reload()}>
                Reload the latest version
              </Button>
            )}
          </div>
        </div>
      )}
      <FormField
        id="secret-name"
        label="Name"
        hint={canRename ? "The exact name tool settings use to refer to this secret." : "Only project administrators can rename a secret."}
        error={errors.name?.message}
      >
        <Input maxLength={100} autoComplete="off" readOnly={!canRename} {...form.register("name")} />
      </FormField>

      <FormField
        id="secret-value"
        label="Value"
        hint={secret ? "Leave empty to keep the current value. A new value makes a new version." : "The confidential value, up to 64 KiB."}
        error={errors.value?.message}
      >
        <ValueInput placeholder={secret ? "Leave empty to keep the current value" : undefined} {...form.register("value")} />
      </FormField>
      {secret && canReveal && status !== "REVOKED" && secret.status !== "REVOKED" && (
        <RevealSecret projectId={projectId} secretId={secret.id} />
      )}

      <FormField id="secret-status" label="Status" hint={STATUS_HINTS[status]} error={errors.status?.message}>
        {(control) => (
          <Controller
            control={form.control}
            name="status"
            render={({ field }) => (
              <Select value={field.value} onValueChange={field.onChange}>
                <SelectTrigger {...control} className="w-48" onBlur={field.onBlur} ref={field.ref}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {SECRET_STATUSES.map((s) => (
                    <SelectItem key={s} value={s}>
                      {STATUS_LABELS[s]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          />
        )}
      </FormField>

      <FormField
        id="secret-expires"
        label="Expires"
        hint={
          secret && isExpired(secret)
            ? `Expired: tools and API tokens no longer get it. Enter a new value and a later day, or clear the date.`
            : "Optional: the last day (UTC) tools and API tokens get the value. People with read access can still reveal it afterwards, to rotate it."
        }
        error={errors.expiresOn?.message}
      >
        <Input type="date" className="w-48" {...form.register("expiresOn")} />
      </FormField>

      <FormField
        id="secret-description"
        label="Description"
        hint="Optional: what it is for, who owns it."
        error={errors.description?.message}
      >
        <Textarea maxLength={500} {...form.register("description")} />
      </FormField>

      <dl className="grid grid-cols-2 gap-4 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
        <div>
          <dt className="text-slate-500">Updated</dt>
          <dd className="font-medium text-slate-900">
            {secret ? (
              <time dateTime={secret.updatedAt.toISOString()} title={formatExact(secret.updatedAt)}>
                {formatRelative(secret.updatedAt)}
                {secret.updatedByName ? ` by ${secret.updatedByName}` : ""}
              </time>
            ) : (
              "—"
            )}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Version</dt>
          <dd className="font-medium tabular-nums text-slate-900" aria-label="Version">
            {secret?.version ?? 0}
          </dd>
        </div>
      </dl>

      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending && <Loader2 className="animate-spin" aria-hidden />}
          Confirm
        </Button>
        {isDirty ? (
          <ConfirmDialog
            trigger={
              <Button type="button" variant="outline">
                Cancel
              </Button>
            }
            title="Discard your changes?"
            description="What you typed in this editor is not saved."
            confirmLabel="Discard changes"
            onConfirm={async () => {
              router.push(returnTo ?? gallery);
              return true;
            }}
          />
        ) : (
          <Button type="button" variant="outline" onClick={() => router.push(returnTo ?? gallery)}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
