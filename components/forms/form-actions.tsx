"use client";
import { Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * A form's last row: Cancel, and the submit button, which shows it is working and cannot be pressed twice.
 * Without `onSubmit` the button submits its form; with it, the row ends a dialog that has no form of its own.
 */
export function FormActions({
  submitLabel,
  pending,
  onCancel,
  onSubmit,
}: {
  submitLabel: string;
  pending: boolean;
  onCancel: () => void;
  onSubmit?: () => void;
}) {
  return (
    <div className="flex justify-end gap-2">
      <Button type="button" variant="outline" onClick={onCancel}>
        Cancel
      </Button>
      <Button type={onSubmit ? "button" : "submit"} disabled={pending} onClick={onSubmit}>
        {pending && <Loader2 className="animate-spin" aria-hidden />}
        {submitLabel}
      </Button>
    </div>
  );
}
