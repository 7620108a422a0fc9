"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { toast } from "sonner";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { callAction } from "@/components/forms/call-action";
import { FormAlert } from "@/components/forms/form-alert";
import { resetToSaved } from "@/components/forms/reset-to-saved";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { ActionResult } from "@/lib/action-result";
import type { UpdateResult } from "@/lib/secrets/commands";
import { dayOfExpiry } from "@/lib/secrets/rules";
import { createSecretSchema, updateSecretSchema } from "@/lib/secrets/schema";
import { AccessesTab, type AccessEntry, type PrincipalOption } from "./accesses-tab";
import { createSecretAction, updateSecretAction } from "./actions";
import { GeneralFields, type EditedSecret, type GeneralValues } from "./general-fields";
import { UnsavedEditsContext } from "./unsaved-edits";

type Alert = { message: string; conflict?: boolean; retry?: boolean };

function sameAccesses(a: readonly AccessEntry[], b: readonly AccessEntry[]) {
  if (a.length !== b.length) return false;
  const levels = new Map(b.map((e) => [e.principalKey, e.level]));
  return a.every((e) => levels.get(e.principalKey) === e.level);
}

type EditorProps = Parameters<typeof EditorForm>[0];

/**
 * The editor starts again from the saved secret when the secret's revision
 * moves for another reason than its own save (a roll back elsewhere on the
 * page). After its own save it stays as it is, with whatever was typed while
 * the page's data came back.
 */
export function SecretEditor(props: Omit<EditorProps, "onSaved">) {
  const revision = props.secret?.revision;
  // `seen`: the revision the page last gave; `saved`: the one this editor's last save reached.
  const [start, setStart] = useState({ generation: 0, seen: revision, saved: revision });
  if (revision !== start.seen) {
    setStart({ generation: revision === start.saved ? start.generation : start.generation + 1, seen: revision, saved: start.saved });
  }
  return <EditorForm key={start.generation} {...props} onSaved={(saved) => setStart((current) => ({ ...current, saved }))} />;
}

/**
 * The Secret Editor: one form over two tabs. General and Accesses keep what
 * was typed when the other tab is open; Confirm saves both together (a new
 * secret can get its Accesses before its first save), Cancel drops both,
 * and leaving the page with unsaved changes asks first.
 */
function EditorForm({
  projectId,
  secret,
  initialName = "",
  returnTo,
  usedBy = [],
  canEdit,
  canReveal = false,
  canRename = true,
  canManageAccesses,
  accesses,
  options,
  aside,
  readOnly,
  onSaved,
}: {
  projectId: string;
  secret?: EditedSecret;
  initialName?: string;
  returnTo?: string;
  /** The tool settings that refer to this secret by name. */
  usedBy?: { toolName: string; parameter: string }[];
  /** General can be changed (a new secret, or write access). */
  canEdit: boolean;
  canReveal?: boolean;
  canRename?: boolean;
  canManageAccesses: boolean;
  accesses: AccessEntry[];
  options: PrincipalOption[];
  /** Beside the General fields: Used by, Versions, History. */
  aside?: ReactNode;
  /** Shown instead of the General fields to someone who cannot change them. */
  readOnly?: ReactNode;
  /** The revision this editor's own save reached. */
  onSaved: (revision: number) => void;
}) {
  const router = useRouter();
  const [tab, setTab] = useState("general");
  const [pending, startTransition] = useTransition();
  const [alert, setAlert] = useState<Alert | null>(null);
  const [savedAccesses, setSavedAccesses] = useState(accesses);
  const [draft, setDraft] = useState(accesses);
  // The page's data came back (after a save, here or elsewhere): Accesses nobody is editing show what is saved now.
  const [givenAccesses, setGivenAccesses] = useState(accesses);
  if (accesses !== givenAccesses) {
    setGivenAccesses(accesses);
    if (sameAccesses(draft, savedAccesses)) {
      setSavedAccesses(accesses);
      setDraft(accesses);
    }
  }
  const [accessError, setAccessError] = useState<string | null>(null);
  const [warning, setWarning] = useState<SaveWarningState | null>(null);
  const leaveTo = returnTo ?? `/projects/${projectId}/secrets`;
  const form = useForm<GeneralValues>({
    resolver: zodResolver(secret ? updateSecretSchema : createSecretSchema) as unknown as Resolver<GeneralValues>,
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
    // A new secret's page is left once it is created: while that is on its way, its fields are read-only, so
    // nothing typed meanwhile is dropped. (An existing secret's editor keeps what is typed during a save.)
    disabled: !secret && pending,
  });
  const generalDirty = canEdit && form.formState.isDirty;
  const accessesDirty = canManageAccesses && !sameAccesses(draft, savedAccesses);
  const dirty = generalDirty || accessesDirty;
  const guard = useUnsavedChanges(dirty);
  const hasForm = canEdit || canManageAccesses;

  const save = (general: GeneralValues | null) =>
    startTransition(async () => {
      setAlert(null);
      setAccessError(null);
      const asRequest = (list: AccessEntry[]) => list.map((e) => ({ principal: e.principalKey, level: e.level }));
      const entries = accessesDirty ? { base: asRequest(savedAccesses), entries: asRequest(draft) } : undefined;
      const sent = form.getValues();
      const result = await callAction<UpdateResult | ActionResult<{ secretId: string }>>(() =>
        secret ? updateSecretAction(projectId, secret.id, general, entries) : createSecretAction(projectId, general, entries),
      );
      if (!result.ok) {
        const { accesses: accessMessages, ...fieldErrors } = result.fieldErrors ?? {};
        applyFieldErrors(form, fieldErrors);
        if (accessMessages?.[0]) {
          setAccessError(accessMessages[0]);
          setTab("accesses");
        } else if (Object.keys(fieldErrors).length) setTab("general");
        setAlert({
          message: accessMessages?.[0] && !Object.keys(fieldErrors).length ? `Accesses: ${accessMessages[0]}` : result.message,
          conflict: result.code === "stale",
          retry: "unreached" in result,
        });
        return;
      }
      if (!secret) {
        toast.success(`Secret "${general!.name.trim()}" created.`);
        guard.leave(leaveTo);
        return;
      }
      const saved = result as unknown as { version: number; revision: number };
      const name = general?.name.trim() ?? secret.name;
      toast.success(general?.value ? `Saved. "${name}" is now at version ${saved.version}.` : `Saved "${name}".`);
      if (general) resetToSaved(form, sent, { ...general, value: "", revision: saved.revision });
      onSaved(saved.revision);
      setSavedAccesses(draft);
      router.refresh();
    });

  /**
   * Revoking cannot be undone: ask first, always. Renaming, deactivating or revoking a secret in use breaks those
   * tools: say which, first.
   */
  const submit = async () => {
    if (secret && !dirty) {
      setAlert({ message: "Nothing to save: no field was changed." });
      return;
    }
    if (!secret || generalDirty) {
      await form.handleSubmit(
        (values) => {
          const reasons =
            secret && usedBy.length > 0
              ? [
                  ...(values.name.trim() !== secret.name ? [`renaming it breaks their reference to "${secret.name}"`] : []),
                  ...(values.status !== secret.status && values.status !== "ACTIVE"
                    ? [`${values.status === "REVOKED" ? "revoking" : "deactivating"} it stops them from using it`]
                    : []),
                ]
              : [];
          const revoking = Boolean(secret && values.status === "REVOKED" && secret.status !== "REVOKED");
          if (reasons.length || revoking) setWarning({ values, reasons, revoking });
          else save(values);
        },
        () => setTab("general"),
      )();
      return;
    }
    save(null);
  };

  const discard = () => {
    guard.leave(leaveTo);
  };

  return (
    <div className="grid gap-4">
      {guard.dialog}
      <SaveWarning
        warning={warning}
        name={secret?.name ?? ""}
        usedBy={usedBy}
        onClose={() => setWarning(null)}
        onConfirm={(values) => {
          setWarning(null);
          save(values);
        }}
      />
      {alert && (
        <FormAlert
          message={alert.message}
          pending={pending}
          onRetry={alert.retry ? () => void submit() : undefined}
          onReload={alert.conflict ? () => window.location.reload() : undefined}
        />
      )}
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList>
          <TabsTrigger value="general">General{generalDirty && <UnsavedDot />}</TabsTrigger>
          <TabsTrigger value="accesses">Accesses{accessesDirty && <UnsavedDot />}</TabsTrigger>
        </TabsList>
        {/* Both tabs stay mounted: switching tabs never drops what was typed. */}
        <TabsContent value="general" forceMount className="data-[state=inactive]:hidden">
          <div className="grid gap-8 xl:grid-cols-[minmax(0,42rem)_1fr]">
            {canEdit ? (
              // Enter in a field confirms, as in any form; the Versions and History beside it are not part of it.
              <form
                method="post"
                noValidate
                aria-label="General"
                onSubmit={(event) => {
                  event.preventDefault();
                  void submit();
                }}
              >
                <GeneralFields form={form} projectId={projectId} secret={secret} canReveal={canReveal} canRename={canRename} />
                <button type="submit" className="sr-only" tabIndex={-1} aria-hidden>
                  Confirm
                </button>
              </form>
            ) : (
              readOnly
            )}
            {aside && (
              <div className="grid gap-6 self-start">
                <UnsavedEditsContext.Provider value={dirty}>{aside}</UnsavedEditsContext.Provider>
              </div>
            )}
          </div>
        </TabsContent>
        <TabsContent value="accesses" forceMount className="data-[state=inactive]:hidden">
          <AccessesTab
            entries={draft}
            saved={savedAccesses}
            options={options}
            canManage={canManageAccesses}
            error={accessError}
            onChange={(entries) => {
              setDraft(entries);
              setAccessError(null);
            }}
          />
        </TabsContent>
      </Tabs>
      {hasForm && (
        <div className="flex flex-wrap items-center gap-2 border-t border-slate-200 pt-4">
          <Button type="button" disabled={pending} onClick={() => void submit()}>
            {pending && <Loader2 className="animate-spin" aria-hidden />}
            Confirm
          </Button>
          {dirty ? (
            <ConfirmDialog
              trigger={
                <Button type="button" variant="outline">
                  Cancel
                </Button>
              }
              title="Discard your changes?"
              description="What you changed in this editor (General and Accesses) is not saved."
              confirmLabel="Discard changes"
              onConfirm={async () => {
                discard();
                return true;
              }}
            />
          ) : (
            <Button type="button" variant="outline" onClick={discard}>
              Cancel
            </Button>
          )}
          {dirty && <span className="text-xs text-slate-500">Unsaved changes: Confirm saves General and Accesses together.</span>}
        </div>
      )}
    </div>
  );
}

function UnsavedDot() {
  return <span className="ml-1.5 inline-block size-2 rounded-full bg-amber-500 align-middle" aria-label="(unsaved changes)" role="img" />;
}

type SaveWarningState = { values: GeneralValues; reasons: string[]; revoking: boolean };

/** Before a save that revokes (for good), or that breaks the tools using the secret: what it does, and by whom it is used. */
function SaveWarning({
  warning,
  name,
  usedBy,
  onClose,
  onConfirm,
}: {
  warning: SaveWarningState | null;
  name: string;
  usedBy: { toolName: string; parameter: string }[];
  onClose: () => void;
  onConfirm: (values: GeneralValues) => void;
}) {
  const revoking = Boolean(warning?.revoking);
  const inUse = Boolean(warning?.reasons.length);
  return (
    <ConfirmDialog
      open={warning !== null}
      onOpenChange={(open) => !open && onClose()}
      title={revoking ? `Revoke "${name}"?` : "This secret is in use"}
      description={
        <>
          {revoking && (
            <p>
              Its current value and every earlier one are never served, revealed or rolled back to again. This cannot be undone: to use the
              secret again, you give it a new value.
            </p>
          )}
          {inUse && (
            <>
              <p>Used by:</p>
              <ul className="list-inside list-disc">
                {usedBy.map((u) => (
                  <li key={`${u.toolName}-${u.parameter}`}>
                    {u.toolName} — {u.parameter}
                  </li>
                ))}
              </ul>
              <p>{warning!.reasons.join("; ").replace(/^./, (c) => c.toUpperCase())}.</p>
            </>
          )}
        </>
      }
      cancelLabel="Keep editing"
      confirmLabel={revoking ? "Revoke" : "Save anyway"}
      onConfirm={async () => {
        if (warning) onConfirm(warning.values);
        return false;
      }}
    />
  );
}
