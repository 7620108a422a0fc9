"use client";
import { Copy, Eye, EyeOff, Loader2 } from "lucide-react";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";

const SHOW_SECONDS = 30;

/**
 * Reveal and copy: each fetches the value with an explicit, audited server
 * action. A revealed value hides itself after 30 seconds.
 */
export function RevealValue({ reveal }: { reveal: (purpose: "reveal" | "copy") => Promise<ActionResult<{ value: string }>> }) {
  const [value, setValue] = useState<string | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (value === null) return;
    const timer = setTimeout(() => {
      if (secondsLeft <= 1) setValue(null);
      setSecondsLeft((s) => s - 1);
    }, 1000);
    return () => clearTimeout(timer);
  }, [value, secondsLeft]);

  function run(purpose: "reveal" | "copy") {
    startTransition(async () => {
      const result = await reveal(purpose);
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      if (purpose === "reveal") {
        setValue(result.value);
        setSecondsLeft(SHOW_SECONDS);
      } else {
        try {
          await navigator.clipboard.writeText(result.value);
          toast.success("Value copied to the clipboard.");
        } catch {
          toast.error("The browser did not allow copying to the clipboard.");
        }
      }
    });
  }

  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        {value === null ? (
          <Button type="button" variant="outline" size="sm" disabled={pending} onClick={() => run("reveal")}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Eye aria-hidden />} Reveal current value
          </Button>
        ) : (
          <Button type="button" variant="outline" size="sm" onClick={() => setValue(null)}>
            <EyeOff aria-hidden /> Hide
          </Button>
        )}
        <Button type="button" variant="outline" size="sm" disabled={pending} onClick={() => run("copy")}>
          <Copy aria-hidden /> Copy value
        </Button>
      </div>
      {value !== null && (
        <div className="rounded-md border border-amber-200 bg-amber-50 p-3">
          <p className="mb-1 text-xs text-amber-800" aria-live="polite">
            Revealed (recorded in the audit log). Hides in {secondsLeft}s.
          </p>
          <output aria-label="Current value" className="block whitespace-pre-wrap break-all font-mono text-sm text-slate-900">
            {value}
          </output>
        </div>
      )}
    </div>
  );
}
