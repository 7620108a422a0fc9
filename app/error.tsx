"use client";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ reset, error }: { reset: () => void; error: Error & { digest?: string } }) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="max-w-md text-sm text-slate-600">
        The server could not show this page. Try again; if it keeps happening, give an administrator this reference:{" "}
        <code className="rounded bg-slate-100 px-1">{error.digest ?? "none"}</code>
      </p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
