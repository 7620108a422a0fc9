"use client";
import { callAction } from "@/components/forms/call-action";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { FileUp, Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useDeferredValue, useEffect, useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/input";
import type { DotenvProblem } from "@/lib/secrets/dotenv";
import { MAX_IMPORT_ENTRIES, parseDotenv } from "@/lib/secrets/dotenv";
import type { ExistingName } from "@/lib/secrets/commands";
import { importSecretsAction, previewImportAction } from "./actions";

/**
 * Bulk import: paste a .env file, see which names it holds (never the
 * values), import them as Active secrets; existing names are left alone.
 */
export function ImportDotenvDialog({ projectId }: { projectId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<{ created: string[]; updated: string[]; skipped: DotenvProblem[]; skippedCount: number } | null>(
    null,
  );
  const [existingChoice, setExistingChoice] = useState<"skip" | "overwrite">("skip");
  const [existing, setExisting] = useState<{ names: string; list: ExistingName[] } | null>(null);
  const [pending, startTransition] = useTransition();
  const deferred = useDeferredValue(text);
  const guard = useUnsavedChanges(open && text.trim() !== "");
  const preview = useMemo(() => parseDotenv(deferred), [deferred]);
  const names = useMemo(() => preview.entries.slice(0, MAX_IMPORT_ENTRIES).map((e) => e.name), [preview]);
  const namesKey = names.join("\n");

  // Which pasted names exist already: asked of the server once the paste settles.
  useEffect(() => {
    if (!open || names.length === 0) return;
    const timer = setTimeout(async () => {
      const answer = await callAction(() => previewImportAction(projectId, { names }));
      if (answer.ok) setExisting({ names: namesKey, list: answer.existing });
    }, 300);
    return () => clearTimeout(timer);
    // The names drive the check; namesKey is their identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [namesKey, open, projectId]);
  const conflicts = existing?.names === namesKey ? existing.list : [];
  const writable = conflicts.filter((c) => c.writable).length;
  const importing = names.length - conflicts.length + (existingChoice === "overwrite" ? writable : 0);

  const reset = () => {
    setText("");
    setError(undefined);
    setResult(null);
    setExisting(null);
    setExistingChoice("skip");
  };

  const submit = () =>
    startTransition(async () => {
      const outcome = await callAction(() => importSecretsAction(projectId, { text, existing: existingChoice }));
      if (!outcome.ok) {
        const message = outcome.fieldErrors?.text?.[0] ?? outcome.message;
        setError(message);
        return;
      }
      setText("");
      setResult({ created: outcome.created, updated: outcome.updated, skipped: outcome.skipped, skippedCount: outcome.skippedCount });
      toast.success(
        `Imported ${outcome.created.length} secret${outcome.created.length === 1 ? "" : "s"}${
          outcome.updated.length ? `; ${outcome.updated.length} got a new version` : ""
        }.`,
      );
      router.refresh();
    });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        // Closing keeps a paste not imported yet (a mistaken Escape loses nothing); a finished import starts afresh.
        if (!next && result) reset();
      }}
    >
      {guard.dialog}
      <DialogTrigger asChild>
        <Button variant="outline">
          <FileUp aria-hidden /> Import .env
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogTitle>Import a .env file</DialogTitle>
        {result ? (
          <div className="grid gap-4 text-sm">
            <DialogDescription>
              {result.created.length
                ? `Created ${result.created.length} secret${result.created.length === 1 ? "" : "s"}, Active, readable by all project tools.`
                : "No secret was created."}
            </DialogDescription>
            {result.created.length > 0 && (
              <ul aria-label="Created" className="flex max-h-32 flex-wrap gap-1.5 overflow-y-auto">
                {result.created.map((name) => (
                  <li key={name} className="rounded bg-emerald-50 px-2 py-0.5 font-mono text-xs text-emerald-800 ring-1 ring-emerald-200">
                    {name}
                  </li>
                ))}
              </ul>
            )}
            {result.updated.length > 0 && (
              <p>
                New version for:{" "}
                <span className="font-mono text-xs" aria-label="Updated">
                  {result.updated.join(", ")}
                </span>
              </p>
            )}
            <Problems title="Skipped" problems={result.skipped} total={result.skippedCount} />
            <div className="flex justify-end">
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </div>
          </div>
        ) : (
          <div className="grid gap-4">
            <DialogDescription>
              Each KEY=value line becomes an Active secret named KEY, with the project&apos;s default Accesses. For names that already exist
              you choose below. Values are sent once, encrypted at rest, and never shown here.
            </DialogDescription>
            <FormField
              id="dotenv-text"
              label=".env contents"
              hint="Comments, blank lines, export, and quoted values are understood."
              error={error}
            >
              <Textarea
                value={text}
                onChange={(event) => {
                  setText(event.target.value);
                  setError(undefined);
                }}
                rows={10}
                readOnly={pending}
                spellCheck={false}
                autoComplete="off"
                className="font-mono text-xs"
                placeholder={'# Payment provider\nSTRIPE_API_KEY=sk_live_…\nexport WEBHOOK_SECRET="whsec_…"'}
              />
            </FormField>
            {deferred.trim() && (
              <div className="grid gap-2 text-sm" aria-live="polite">
                <p className="text-slate-700">
                  {preview.entries.length} secret{preview.entries.length === 1 ? "" : "s"} found
                  {preview.entries.length > MAX_IMPORT_ENTRIES && ` — at most ${MAX_IMPORT_ENTRIES} per import`}
                  {preview.entries.length > 0 && ": "}
                  <span className="font-mono text-xs text-slate-600">{preview.entries.map((e) => e.name).join(", ")}</span>
                </p>
                <Problems title="Lines that will be skipped" problems={preview.problems} />
                {conflicts.length > 0 && (
                  <fieldset className="grid gap-2 rounded-md border border-slate-200 px-3 py-2">
                    <legend className="px-1 text-sm font-medium text-slate-800">
                      {conflicts.length} name{conflicts.length === 1 ? "" : "s"} already exist{conflicts.length === 1 ? "s" : ""}
                    </legend>
                    <ul aria-label="Names that already exist" className="flex max-h-24 flex-wrap gap-1.5 overflow-y-auto">
                      {conflicts.map((c) => (
                        <li key={c.name} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700">
                          {c.name}
                          {c.inTrash ? " (in the Trash)" : !c.writable ? " (no write access)" : ""}
                        </li>
                      ))}
                    </ul>
                    <label className="flex items-center gap-2 text-sm">
                      <input
                        type="radio"
                        name="existing"
                        checked={existingChoice === "skip"}
                        onChange={() => setExistingChoice("skip")}
                        className="accent-primary"
                      />
                      Skip them: keep their current values
                    </label>
                    <label className="flex items-center gap-2 text-sm">
                      <input
                        type="radio"
                        name="existing"
                        checked={existingChoice === "overwrite"}
                        onChange={() => setExistingChoice("overwrite")}
                        disabled={writable === 0}
                        className="accent-primary"
                      />
                      Overwrite: store the pasted value as a new version
                      {writable < conflicts.length && ` (${writable} of ${conflicts.length}: only those you may write, not in the Trash)`}
                    </label>
                  </fieldset>
                )}
              </div>
            )}
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button type="button" variant="outline">
                  Cancel
                </Button>
              </DialogClose>
              <Button type="button" onClick={submit} disabled={pending || importing <= 0}>
                {pending && <Loader2 className="animate-spin" aria-hidden />}
                Import {importing > 0 ? importing : ""} secret{importing === 1 ? "" : "s"}
              </Button>
            </div>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** The most problem lines drawn; the rest are counted. */
const MAX_SHOWN_PROBLEMS = 200;

function Problems({ title, problems, total = problems.length }: { title: string; problems: DotenvProblem[]; total?: number }) {
  if (total === 0) return null;
  const shown = problems.slice(0, MAX_SHOWN_PROBLEMS);
  return (
    <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
      <p className="font-medium">{title}</p>
      <ul aria-label={title} className="mt-1 grid max-h-32 gap-0.5 overflow-y-auto">
        {shown.map((p) => (
          <li key={`${p.line}-${p.message}`} className="break-words">
            Line {p.line}: {p.message}
          </li>
        ))}
      </ul>
      {total > shown.length && (
        <p className="mt-1">
          And {total - shown.length} more line{total - shown.length === 1 ? "" : "s"}.
        </p>
      )}
    </div>
  );
}
