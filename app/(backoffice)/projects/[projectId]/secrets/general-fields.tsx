"use client";
import { Controller, useWatch, type UseFormReturn } from "react-hook-form";
import { formatExact, formatRelative } from "@/components/format";
import { ValueInput } from "@/components/secrets/value-input";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { isExpired } from "@/lib/secrets/rules";
import { SECRET_STATUSES, STATUS_LABELS, type SecretStatusValue } from "@/lib/secrets/schema";
import { RevealSecret } from "./reveal-secret";

export type GeneralValues = {
  name: string;
  value: string;
  status: SecretStatusValue;
  description: string;
  expiresOn: string;
  revision?: number;
};

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

/** The General tab's fields of the Secret Editor, for a new secret or an existing one. */
export function GeneralFields({
  form,
  projectId,
  secret,
  canReveal,
  canRename,
}: {
  form: UseFormReturn<GeneralValues>;
  projectId: string;
  secret?: EditedSecret;
  canReveal: boolean;
  canRename: boolean;
}) {
  const { errors } = form.formState;
  const status = useWatch({ control: form.control, name: "status" });
  return (
    <div className="grid max-w-2xl gap-5">
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
        hint={
          !secret
            ? "The confidential value, up to 64 KiB."
            : secret.status === "REVOKED"
              ? "Its values were revoked and are never served again: to make it Active or Inactive again, enter a new value (a new version)."
              : "Leave empty to keep the current value. A new value makes a new version."
        }
        error={errors.value?.message}
      >
        <ValueInput
          placeholder={
            !secret ? undefined : secret.status === "REVOKED" ? "A new value, to use it again" : "Leave empty to keep the current value"
          }
          {...form.register("value")}
        />
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
    </div>
  );
}
