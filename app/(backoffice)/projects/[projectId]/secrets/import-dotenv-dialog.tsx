"use client";
import { callAction } from "@/components/forms/call-action";
import { useUnsavedChanges } from "@/components/forms/use-unsaved-changes";
import { FileUp, Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useDeferredValue, useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/input";
import type { DotenvProblem } from "@/lib/secrets/dotenv";
import { MAX_IMPORT_ENTRIES, parseDotenv } from "@/lib/secrets/dotenv";
import { importSecretsAction } from "./actions";

/**
 * Bulk import: paste a .env file, see which names it holds (never the
 * values), import them as Active secrets; existing names are left alone.
 */
export function ImportDotenvDialog({ projectId }: { projectId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<{ created: string[]; skipped: DotenvProblem[] } | null>(null);
  const [pending, startTransition] = useTransition();
  const deferred = useDeferredValue(text);
  const guard = useUnsavedChanges(open && text.trim() !== "");
  const preview = useMemo(() => parseDotenv(deferred), [deferred]);

  const reset = () => {
    setText("");
    setError(undefined);
    setResult(null);
  };

  const submit = () =>
    startTransition(async () => {
      const outcome = await callAction(() => importSecretsAction(projectId, { text }));
      if (!outcome.ok) {
        const message = outcome.fieldErrors?.text?.[0] ?? outcome.message;
        setError(message);
        return;
      }
      setText("");
      setResult({ created: outcome.created, skipped: outcome.skipped });
      toast.success(`Imported ${outcome.created.length} secret${outcome.created.length === 1 ? "" : "s"}.`);
      router.refresh();
    });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
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
            <Problems title="Skipped" problems={result.skipped} />
            <div className="flex justify-end">
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </div>
          </div>
        ) : (
          <div className="grid gap-4">
            <DialogDescription>
              Each KEY=value line becomes an Active secret named KEY, with the project&apos;s default Accesses. Names that already exist are
              left as they are. Values are sent once, encrypted at rest, and never shown here.
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
              </div>
            )}
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button type="button" variant="outline">
                  Cancel
                </Button>
              </DialogClose>
              <Button type="button" onClick={submit} disabled={pending || preview.entries.length === 0}>
                {pending && <Loader2 className="animate-spin" aria-hidden />}
                Import {preview.entries.length || ""} secret{preview.entries.length === 1 ? "" : "s"}
              </Button>
            </div>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}

function Problems({ title, problems }: { title: string; problems: DotenvProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
      <p className="font-medium">{title}</p>
      <ul aria-label={title} className="mt-1 grid max-h-32 gap-0.5 overflow-y-auto">
        {problems.map((p) => (
          <li key={`${p.line}-${p.message}`}>
            Line {p.line}: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
