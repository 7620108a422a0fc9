import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-8 text-center">
      <p className="text-sm font-semibold text-primary">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="max-w-md text-sm text-slate-600">This page does not exist, or you do not have access to it.</p>
      <Button asChild variant="outline">
        <Link href="/">Back to the backoffice</Link>
      </Button>
    </main>
  );
}
