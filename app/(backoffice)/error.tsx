"use client";
import { AlertTriangle } from "lucide-react";
import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { Button } from "@/components/ui/button";

/**
 * A page of the backoffice that failed to render: the header and sidebar
 * stay, so the person can go elsewhere. Failed saves never come here — a
 * form says so next to itself and keeps what was typed.
 */
export default function SectionError({ reset, error }: { reset: () => void; error: Error & { digest?: string } }) {
  const router = useRouter();
  return (
    <div role="alert" className="mx-auto flex max-w-lg flex-col items-center gap-3 py-16 text-center">
      <AlertTriangle className="size-8 text-amber-500" aria-hidden />
      <h1 className="text-xl font-semibold text-slate-900">This page could not be shown</h1>
      <p className="text-sm text-slate-600">
        The server could not load it just now. Try again; if it keeps happening, give an administrator this reference:{" "}
        <code className="rounded bg-slate-100 px-1">{error.digest ?? "none"}</code>
      </p>
      <Button
        onClick={() =>
          startTransition(() => {
            router.refresh();
            reset();
          })
        }
      >
        Try again
      </Button>
    </div>
  );
}
