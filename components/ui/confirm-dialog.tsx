"use client";
import { Loader2 } from "lucide-react";
import { AlertDialog } from "radix-ui";
import { useCallback, useState, useTransition, type ReactNode } from "react";
import { Button } from "./button";

/**
 * Asks before a destructive or irreversible step. `onConfirm` runs in a
 * transition; the dialog closes when it resolves true, and when it resolves
 * a message (the server refused), says it inside the dialog, beside the
 * question it answers, and stays open. Opened by its
 * `trigger`, or controlled (`open`, `onOpenChange`) when something else
 * decides to ask (leaving a page, closing a dialog).
 */
export function ConfirmDialog({
  trigger,
  open: controlledOpen,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel = "Cancel",
  onConfirm,
  destructive = true,
}: {
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => Promise<boolean | string>;
  destructive?: boolean;
}) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = controlledOpen ?? ownOpen;
  const [refusal, setRefusal] = useState<string | null>(null);
  const setOpen = (next: boolean) => {
    setRefusal(null);
    if (onOpenChange) onOpenChange(next);
    else setOwnOpen(next);
  };
  const [pending, startTransition] = useTransition();
  return (
    <AlertDialog.Root open={open} onOpenChange={setOpen}>
      {trigger && <AlertDialog.Trigger asChild>{trigger}</AlertDialog.Trigger>}
      <AlertDialog.Portal>
        {/* Above any dialog it may be asked from. */}
        <AlertDialog.Overlay className="fixed inset-0 z-[60] bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 z-[70] grid w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 gap-4 rounded-lg border border-slate-200 bg-white p-6 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold text-slate-900">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="grid gap-2 text-sm text-slate-600">{description}</div>
          </AlertDialog.Description>
          {refusal && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              {refusal}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="outline">{cancelLabel}</Button>
            </AlertDialog.Cancel>
            <Button
              variant={destructive ? "destructive" : "default"}
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const answer = await onConfirm();
                  if (answer === true) setOpen(false);
                  else if (typeof answer === "string") setRefusal(answer);
                })
              }
            >
              {pending && <Loader2 className="animate-spin" aria-hidden />}
              {confirmLabel}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

/**
 * A step that waits for the person's word: `ask(step)` opens the dialog, and
 * the step runs only on confirm (leaving a page with unsaved changes, closing
 * a value shown once). Returns the dialog to render, and `dismiss` to close it
 * unanswered.
 */
export function useConfirmedStep(texts: { title: string; description: ReactNode; confirmLabel: string; cancelLabel: string }) {
  const [step, setStep] = useState<(() => void) | null>(null);
  // Stable, so that effects which ask can list it without running again on each render.
  const ask = useCallback((next: () => void) => setStep(() => next), []);
  /** Closes the question unanswered (it no longer applies). */
  const dismiss = useCallback(() => setStep(null), []);
  const dialog = (
    <ConfirmDialog
      open={step !== null}
      onOpenChange={(open) => !open && setStep(null)}
      {...texts}
      onConfirm={async () => {
        setStep(null);
        step?.();
        return true;
      }}
    />
  );
  return { ask, dismiss, dialog };
}
