"use client";
import { Copy, type LucideIcon } from "lucide-react";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useConfirmedStep } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";

/** A read-only value shown once (an invitation link, a new token) with a copy button. */
export function CopyField({ label, value, onCopied }: { label: string; value: string; onCopied?: () => void }) {
  return (
    <div className="flex gap-2">
      <Input
        readOnly
        value={value}
        aria-label={label}
        className="font-mono text-xs"
        onFocus={(e) => e.currentTarget.select()}
        onCopy={() => onCopied?.()}
      />
      <Button
        type="button"
        variant="outline"
        aria-label={`Copy ${label.toLowerCase()}`}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(value);
            onCopied?.();
            toast.success("Copied to the clipboard.");
          } catch {
            toast.error("The browser did not allow copying; select the text and copy it.");
          }
        }}
      >
        <Copy aria-hidden /> Copy
      </Button>
    </div>
  );
}

/**
 * Guards the closing of a dialog that shows a value once: by Escape, the
 * overlay, × or Done, before anything was copied, it asks first — the value
 * cannot be shown again.
 */
export function useShownOnce() {
  const [copied, setCopied] = useState(false);
  const { ask, dialog } = useConfirmedStep({
    title: "Close without copying?",
    description: "You will not see it again: it is shown only this once. Copy it first, or close and issue a new one later.",
    cancelLabel: "Go back",
    confirmLabel: "Close anyway",
  });
  const finish = (close: () => void) => {
    setCopied(false);
    close();
  };
  /** Closes at once when nothing is shown or it was copied; asks otherwise. */
  const guardClose = (shown: boolean, close: () => void) => (!shown || copied ? finish(close) : ask(() => finish(close)));
  return { markCopied: () => setCopied(true), guardClose, dialog };
}

/**
 * A dialog that may end by showing a value once (a token, an invitation
 * link): its open state, what it shows (`shown`, set by `show`), and one
 * `close` for the ×, Escape, the overlay and Done, which asks first while a
 * shown value has not been copied.
 */
export function useShownOnceDialog<Shown>() {
  const [open, setOpen] = useState(false);
  const [shown, show] = useState<Shown | null>(null);
  const once = useShownOnce();
  const close = () =>
    once.guardClose(shown !== null, () => {
      setOpen(false);
      show(null);
    });
  return {
    open,
    shown,
    show,
    close,
    onOpenChange: (next: boolean) => (next ? setOpen(true) : close()),
    markCopied: once.markCopied,
    dialog: once.dialog,
  };
}

/**
 * The dialog around a form that ends by showing a value once: its trigger button, its title, and both guards
 * (the form's "discard what you typed?" and the shown-once "close without copying?").
 */
export function ShownOnceDialog({
  dialog,
  guard,
  icon: Icon,
  action,
  title = action,
  children,
}: {
  dialog: { open: boolean; onOpenChange: (open: boolean) => void; dialog: ReactNode };
  /** The form's unsaved-changes confirmation. */
  guard: ReactNode;
  /** The trigger button's icon and words ("Create token"), and the title while the form shows. */
  icon: LucideIcon;
  action: string;
  title?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Dialog open={dialog.open} onOpenChange={dialog.onOpenChange}>
      {guard}
      {dialog.dialog}
      <DialogTrigger asChild>
        <Button>
          <Icon aria-hidden /> {action}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>{title}</DialogTitle>
        {children}
      </DialogContent>
    </Dialog>
  );
}

/** A dialog's last step for a value shown once: what to do with it, the value to copy, and Done. */
export function ShownOnce({
  description,
  label,
  value,
  onDone,
  onCopied,
  children,
}: {
  description: ReactNode;
  label: string;
  value: string;
  onDone: () => void;
  onCopied: () => void;
  /** More ways to use it (a ready command line), after the value. */
  children?: ReactNode;
}) {
  return (
    <div className="grid gap-4">
      <DialogDescription>{description}</DialogDescription>
      <CopyField label={label} value={value} onCopied={onCopied} />
      {children}
      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
