"use client";
import { AlertTriangle, RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * A failed save, said once, next to the form it concerns: the message, and
 * the step that helps — try again (the typed values are still in the form)
 * or load the latest version after a concurrent change.
 */
export function FormAlert({
  message,
  onRetry,
  onReload,
  pending,
}: {
  message: string;
  onRetry?: () => void;
  onReload?: () => void;
  pending?: boolean;
}) {
  return (
    <div role="alert" className="flex gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="grid gap-1">
        <p>{message}</p>
        {(onRetry || onReload) && (
          <div className="flex flex-wrap gap-3">
            {onRetry && (
              <Button type="button" variant="link" className="h-auto p-0" disabled={pending} onClick={onRetry}>
                <RotateCw aria-hidden /> Try again
              </Button>
            )}
            {onReload && (
              <Button type="button" variant="link" className="h-auto p-0" onClick={onReload}>
                Reload the latest version
              </Button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
