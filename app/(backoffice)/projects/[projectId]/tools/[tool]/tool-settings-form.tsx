"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, useTransition } from "react";
import { Controller, useForm, useWatch, type Resolver } from "react-hook-form";
import { toast } from "sonner";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { resetToSaved } from "@/components/forms/reset-to-saved";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { ReferenceBadge } from "@/components/tools/reference-badge";
import { SecretReferencePicker, type ReferenceOption } from "@/components/tools/secret-reference-picker";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ToolDefinition } from "@/lib/tools/catalog";
import { REFERENCE_LABELS, referenceState, type ReferenceState } from "@/lib/secrets/reference-state";
import type { ParameterView } from "@/lib/tools/settings";
import { toolSettingsSchema } from "@/lib/tools/schema";
import { saveToolSettingsAction } from "../actions";

type Values = Record<string, string>;

/** Every parameter of a tool; confidential ones hold a secret reference with its state. */
export function ToolSettingsForm({
  projectId,
  tool,
  parameters,
  secrets,
  canEdit,
  canCreateSecret,
}: {
  projectId: string;
  tool: ToolDefinition;
  parameters: ParameterView[];
  secrets: ReferenceOption[];
  canEdit: boolean;
  canCreateSecret: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [alert, setAlert] = useState<{ message: string; retry: boolean } | null>(null);
  const [restored, setRestored] = useState(false);
  // Saving takes the settings as they are: only a wrong type (a URL that is not one) holds a save back.
  const schema = useMemo(() => toolSettingsSchema(tool, { allowIncomplete: true }), [tool]);
  const saved = useMemo(() => Object.fromEntries(parameters.map((p) => [p.key, p.value])), [parameters]);
  const form = useForm<Values>({ resolver: zodResolver(schema) as unknown as Resolver<Values>, defaultValues: saved });
  const values = useWatch({ control: form.control });
  const { errors, isDirty } = form.formState;
  const guard = useUnsavedChanges(canEdit && isDirty);
  const here = `/projects/${projectId}/tools/${tool.key}`;
  const draftKey = `tool-settings-draft:${projectId}:${tool.key}`;

  // Back from "Create secret": what was typed and not saved comes back, over the saved settings.
  useEffect(() => {
    const stored = window.sessionStorage.getItem(draftKey);
    if (!stored) return;
    window.sessionStorage.removeItem(draftKey);
    try {
      const draft = JSON.parse(stored) as Values;
      let changed = false;
      for (const p of tool.parameters) {
        if (typeof draft[p.key] === "string" && draft[p.key] !== saved[p.key]) {
          form.setValue(p.key, draft[p.key], { shouldDirty: true });
          changed = true;
        }
      }
      // eslint-disable-next-line react-hooks/set-state-in-effect -- restoring a draft from session storage, once, after mount
      setRestored(changed);
    } catch {
      // A draft that does not read is dropped: the saved settings stay.
    }
  }, [draftKey, form, saved, tool.parameters]);

  /** The state of a reference: the server's for the saved name, the picker's list for a name just typed. */
  function stateOf(key: string): ReferenceState | null {
    const name = values[key] ?? "";
    if (!name) return null;
    const view = parameters.find((p) => p.key === key);
    if (view?.reference && view.reference.name === name) return view.reference.state;
    const secret = secrets.find((s) => s.name.toLowerCase() === name.toLowerCase()) ?? null;
    return referenceState(
      secret ? { status: secret.status, deletedAt: null, expiresAt: secret.expiresAt } : null,
      Boolean(secret?.toolsCanRead),
    );
  }

  async function save(data: Values, { announce = true } = {}) {
    setAlert(null);
    const sent = form.getValues();
    const result = await callAction(() => saveToolSettingsAction(projectId, tool.key, data));
    if (!result.ok) {
      applyFieldErrors(form, result.fieldErrors);
      setAlert({ message: result.message, retry: "unreached" in result });
      return false;
    }
    resetToSaved(form, sent, data);
    setRestored(false);
    if (!announce) return true;
    toast.success(
      result.missing.length
        ? `${tool.name} settings saved. It stays Incomplete until ${result.missing.join(", ")} ${result.missing.length > 1 ? "are" : "is"} set.`
        : `${tool.name} settings saved.`,
    );
    router.refresh();
    return true;
  }

  const onSubmit = form.handleSubmit((data) => startTransition(async () => void (await save(data))));

  /**
   * The seed's flow: the name typed becomes the reference, then the secret is
   * created with exactly that name and the editor comes back here. Works from
   * any state: what was typed travels as a draft and is back on return,
   * saved or not.
   */
  function createSecret(name: string) {
    startTransition(async () => {
      const draft = { ...form.getValues() };
      const valid = schema.safeParse(draft).success;
      // Settings that read are saved first (the reference is kept even if the secret is never created).
      const savedFirst = valid && (await save(draft, { announce: false }));
      if (!savedFirst) window.sessionStorage.setItem(draftKey, JSON.stringify(draft));
      toast.info(
        savedFirst
          ? `Reference to “${name}” saved. Now store its value.`
          : `Your settings are kept as they are, not saved yet. Store the value of “${name}”, then come back and save them.`,
      );
      guard.leave(`/projects/${projectId}/secrets/new?name=${encodeURIComponent(name)}&returnTo=${encodeURIComponent(here)}`);
    });
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="grid max-w-2xl gap-5">
      {guard.dialog}
      {alert && <FormAlert message={alert.message} pending={pending} onRetry={alert.retry ? () => void onSubmit() : undefined} />}
      {restored && (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Your changes to these settings are back, not saved yet. Save to keep them.
        </p>
      )}
      {!canEdit && (
        <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600">
          Only project administrators change tool settings.
        </p>
      )}
      {tool.parameters.map((p) => {
        const id = `param-${p.key}`;
        const error = errors[p.key]?.message;
        const hint = [
          p.description,
          p.confidential ? "Holds the name of a secret, never its value." : "",
          p.required ? "Required to run: the tool is Incomplete until it is set." : "",
        ]
          .filter(Boolean)
          .map((sentence) => (/[.!?]$/.test(sentence) ? sentence : `${sentence}.`))
          .join(" ");
        return (
          <div key={p.key} className="grid gap-1">
            {p.confidential ? (
              <FormField id={id} label={`${p.label}${p.required ? "" : " (optional)"}`} hint={hint} error={error}>
                {(control) => (
                  <div className="flex items-center gap-2">
                    <div className="flex-1">
                      <Controller
                        control={form.control}
                        name={p.key}
                        render={({ field }) => (
                          <SecretReferencePicker
                            id={control.id}
                            describedBy={control["aria-describedby"]}
                            invalid={control["aria-invalid"]}
                            value={field.value ?? ""}
                            onChange={(name) => form.setValue(p.key, name, { shouldDirty: true, shouldValidate: true })}
                            secrets={secrets}
                            disabled={!canEdit}
                            onCreate={
                              canEdit && canCreateSecret
                                ? (name) => {
                                    form.setValue(p.key, name, { shouldDirty: true });
                                    createSecret(name);
                                  }
                                : undefined
                            }
                          />
                        )}
                      />
                    </div>
                    <ReferenceStatus state={stateOf(p.key)} label={p.label} />
                  </div>
                )}
              </FormField>
            ) : p.type === "choice" || p.type === "boolean" ? (
              <FormField id={id} label={`${p.label}${p.required ? "" : " (optional)"}`} hint={hint} error={error}>
                {(control) => (
                  <Controller
                    control={form.control}
                    name={p.key}
                    render={({ field }) => (
                      <Select value={field.value || undefined} onValueChange={field.onChange} disabled={!canEdit}>
                        <SelectTrigger {...control} className="w-56">
                          <SelectValue placeholder="Choose…" />
                        </SelectTrigger>
                        <SelectContent>
                          {(p.type === "boolean" ? ["true", "false"] : (p.choices ?? [])).map((choice) => (
                            <SelectItem key={choice} value={choice}>
                              {p.type === "boolean" ? (choice === "true" ? "Yes" : "No") : choice}
                            </SelectItem>
                          ))}
                        </SelectContent>
                      </Select>
                    )}
                  />
                )}
              </FormField>
            ) : (
              <FormField id={id} label={`${p.label}${p.required ? "" : " (optional)"}`} hint={hint} error={error}>
                <Input
                  type={p.type === "number" ? "number" : p.type === "url" ? "url" : "text"}
                  disabled={!canEdit}
                  className={p.type === "number" ? "w-32" : undefined}
                  {...form.register(p.key)}
                />
              </FormField>
            )}
          </div>
        );
      })}
      {canEdit && (
        <div className="flex items-center gap-2">
          <Button type="submit" disabled={pending}>
            {pending && <Loader2 className="animate-spin" aria-hidden />}
            Save
          </Button>
          <Button
            type="button"
            variant="outline"
            disabled={!isDirty || pending}
            onClick={() => {
              form.reset(saved);
              setRestored(false);
            }}
          >
            Discard changes
          </Button>
          <Link href={`/projects/${projectId}/playground?tool=${tool.key}`} className="ml-auto text-sm text-primary hover:underline">
            Try it in the Playground
          </Link>
        </div>
      )}
    </form>
  );
}

function ReferenceStatus({ state, label }: { state: ReferenceState | null; label: string }) {
  if (!state) return <Badge>Not set</Badge>;
  return (
    <span aria-label={`${label} reference: ${REFERENCE_LABELS[state].toLowerCase()}`} role="status">
      <ReferenceBadge state={state} />
    </span>
  );
}
