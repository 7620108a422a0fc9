import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/authz/session";
import { LAST_PROJECT_COOKIE, preferredProject } from "@/lib/navigation";
import { listUserProjects } from "@/lib/projects/projects";

/** "/": the project last viewed, if the user is still one of its members, else their first project. */
export default async function HomePage() {
  const user = await requireUser();
  const projects = await listUserProjects(user.id);
  const last = (await cookies()).get(LAST_PROJECT_COOKIE)?.value;
  const target = preferredProject(projects, last);
  redirect(target ? `/projects/${target.id}/dashboard` : "/org/projects");
}
