import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft, Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { OPENAPI_PATH } from "@/lib/api/app";
import { requireUser } from "@/lib/authz/session";
import { isUuid } from "@/lib/ids";
import { ApiReference } from "./reference";

export const metadata: Metadata = { title: "API reference" };

const HEADER_HEIGHT = 56;

/**
 * The REST API's reference, drawn from the same OpenAPI document programs
 * fetch (`GET /v1/openapi.json`, generated from the route table). Opened from
 * a project's API Tokens page, whose link it offers back.
 */
export default async function ApiReferencePage({ searchParams }: { searchParams: Promise<{ project?: string | string[] }> }) {
  await requireUser();
  const { project } = await searchParams;
  const back = typeof project === "string" && isUuid(project) ? `/projects/${project}/api-tokens` : "/";
  return (
    <div className="min-h-screen bg-white">
      <header
        className="sticky top-0 z-30 flex items-center gap-3 border-b border-slate-200 bg-white px-3 sm:px-4"
        style={{ height: HEADER_HEIGHT }}
      >
        <Button asChild variant="ghost" className="min-w-0">
          <Link href={back}>
            <ArrowLeft aria-hidden />
            <span className="truncate">{back === "/" ? "Back to the backoffice" : "Back to API Tokens"}</span>
          </Link>
        </Button>
        <p className="ml-1 hidden text-base font-semibold text-slate-900 sm:block">REST API reference</p>
        <Button asChild variant="outline" className="ml-auto">
          <a href={OPENAPI_PATH} download="openapi.json">
            <Download aria-hidden />
            openapi.json
          </a>
        </Button>
      </header>
      <main id="content">
        <ApiReference specUrl={OPENAPI_PATH} bundleUrl="/api-reference/redoc.js" scrollYOffset={HEADER_HEIGHT} />
      </main>
    </div>
  );
}
