import type { Metadata } from "next";
import Link from "next/link";
import { BookOpen } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireProjectPage } from "@/lib/authz/session";
import { listApiTokens } from "@/lib/tokens/tokens";
import { TokensTable } from "./columns";
import { CreateTokenDialog } from "./create-token-dialog";

export const metadata: Metadata = { title: "API Tokens" };

export default async function ApiTokensPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectPage(projectId, "tokens.manage");
  const tokens = await listApiTokens(project.id);
  return (
    <>
      <PageHeader
        title="API Tokens"
        description="Tools and scripts call the REST API (/v1) with a project token: Authorization: Bearer <token>. A token is shown once, when it is created; only its hash is kept."
        actions={
          <>
            <Button asChild variant="outline">
              <Link href={`/api-reference?project=${project.id}`}>
                <BookOpen aria-hidden />
                API reference
              </Link>
            </Button>
            <CreateTokenDialog projectId={project.id} />
          </>
        }
      />
      <Card>
        <TokensTable projectId={project.id} tokens={tokens} />
      </Card>
    </>
  );
}
