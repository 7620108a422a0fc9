"use client";
import { Copy } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
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
