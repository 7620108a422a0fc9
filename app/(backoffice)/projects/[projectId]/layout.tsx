import { RememberProject } from "@/components/shell/remember-project";
import { requireProjectPage } from "@/lib/authz/session";

/** Every page of a project: a 404 for anyone who is not one of its members. */
export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId);
  return (
    <>
      <RememberProject projectId={projectId} />
      {children}
    </>
  );
}
