"use client";
import { Copy } from "lucide-react";
import type { ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogDescription } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";

/** A read-only value shown once (an invitation link, a new token) with a copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex gap-2">
      <Input readOnly value={value} aria-label={label} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
      <Button
        type="button"
        variant="outline"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(value);
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

/** A dialog's last step for a value shown once: what to do with it, the value to copy, and Done. */
export function ShownOnce({
  description,
  label,
  value,
  onDone,
}: {
  description: ReactNode;
  label: string;
  value: string;
  onDone: () => void;
}) {
  return (
    <div className="grid gap-4">
      <DialogDescription>{description}</DialogDescription>
      <CopyField label={label} value={value} />
      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
