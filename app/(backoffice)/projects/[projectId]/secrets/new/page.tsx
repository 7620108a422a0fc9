import type { Metadata } from "next";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { DefaultAccesses } from "@/components/secrets/default-accesses";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { requireProjectPage } from "@/lib/authz/session";
import { SecretForm } from "../secret-form";

export const metadata: Metadata = { title: "New secret" };

export default async function NewSecretPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ name?: string; returnTo?: string }>;
}) {
  const { projectId } = await params;
  const { project } = await requireProjectPage(projectId, "secrets.create");
  const { name, returnTo } = await searchParams;
  const safeReturn = typeof returnTo === "string" && returnTo.startsWith(`/projects/${project.id}/`) ? returnTo : undefined;
  return (
    <>
      <Link href={`/projects/${project.id}/secrets`} className="mb-3 inline-flex items-center gap-1 text-sm text-primary hover:underline">
        <ArrowLeft className="size-4" aria-hidden /> Go to Secrets
      </Link>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight text-slate-900">Secret Editor</h1>
      <Tabs defaultValue="general">
        <TabsList>
          <TabsTrigger value="general">General</TabsTrigger>
          <TabsTrigger value="accesses">Accesses</TabsTrigger>
        </TabsList>
        <TabsContent value="general">
          <SecretForm projectId={project.id} initialName={typeof name === "string" ? name.slice(0, 100) : ""} returnTo={safeReturn} />
        </TabsContent>
        <TabsContent value="accesses">
          <DefaultAccesses />
        </TabsContent>
      </Tabs>
    </>
  );
}
