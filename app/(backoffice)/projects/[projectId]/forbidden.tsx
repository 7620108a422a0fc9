"use client";
import { Lock } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Button } from "@/components/ui/button";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { pagePermission } from "@/lib/navigation";

/**
 * A member opening a page of their project that their roles do not open:
 * said inside the shell, with the permission it needs (a non-member gets
 * the 404 page instead, so nothing about the project is disclosed).
 */
export default function Forbidden() {
  const pathname = usePathname();
  const needs = pagePermission(pathname) as keyof typeof PERMISSIONS | undefined;
  const projectPath = /^\/projects\/[^/]+/.exec(pathname)?.[0] ?? "/";
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center gap-3 py-16 text-center">
      <Lock className="size-8 text-slate-400" aria-hidden />
      <h1 className="text-xl font-semibold text-slate-900">
        {needs ? `You need the “${PERMISSIONS[needs]}” permission` : "You need another permission for this page"}
      </h1>
      <p className="text-sm text-slate-600">
        Your roles in this project do not include it. A Project Administrator can give you a role that does, on the Members page.
      </p>
      <Button asChild variant="outline">
        <Link href={`${projectPath}/dashboard`}>Go to the project&apos;s dashboard</Link>
      </Button>
    </div>
  );
}
