"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useTransition } from "react";
import { Controller, useForm, useWatch, type Resolver } from "react-hook-form";
import { toast } from "sonner";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { ReferenceBadge } from "@/components/tools/reference-badge";
import { SecretReferencePicker, type ReferenceOption } from "@/components/tools/secret-reference-picker";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ToolDefinition } from "@/lib/tools/catalog";
import { referenceState, type ReferenceState } from "@/lib/tools/references";
import type { ParameterView } from "@/lib/tools/settings";
import { toolSettingsSchema } from "@/lib/validation/tools";
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
  const schema = useMemo(() => toolSettingsSchema(tool), [tool]);
  const saved = Object.fromEntries(parameters.map((p) => [p.key, p.value]));
  const form = useForm<Values>({ resolver: zodResolver(schema) as unknown as Resolver<Values>, defaultValues: saved });
  const values = useWatch({ control: form.control });
  const { errors, isDirty } = form.formState;
  const here = `/projects/${projectId}/tools/${tool.key}`;

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

  async function save(data: Values, after?: () => void) {
    const result = await saveToolSettingsAction(projectId, tool.key, data);
    if (!result.ok) {
      applyFieldErrors(form, result.fieldErrors);
      toast.error(result.message);
      return;
    }
    form.reset(data);
    if (after) after();
    else {
      toast.success(`${tool.name} settings saved.`);
      router.refresh();
    }
  }

  const onSubmit = form.handleSubmit((data) => startTransition(() => save(data)));

  /** The seed's flow: keep the new name as the reference, then create the secret and come back. */
  function createSecret(name: string) {
    startTransition(async () => {
      const data = { ...form.getValues() };
      await save(data, () => {
        toast.success(`Reference to “${name}” saved. Now store its value.`);
        router.push(`/projects/${projectId}/secrets/new?name=${encodeURIComponent(name)}&returnTo=${encodeURIComponent(here)}`);
      });
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-2xl gap-5">
      {!canEdit && (
        <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600">
          Only project administrators change tool settings.
        </p>
      )}
      {tool.parameters.map((p) => {
        const id = `param-${p.key}`;
        const error = errors[p.key]?.message;
        const hint = `${p.description}${p.confidential ? " Holds the name of a secret, never its value." : ""}`;
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
          <Button type="button" variant="outline" disabled={!isDirty || pending} onClick={() => form.reset(saved)}>
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
    <span aria-label={`${label} reference: ${state === "forbidden" ? "no access" : state}`} role="status">
      <ReferenceBadge state={state} />
    </span>
  );
}
