import { redirect } from "next/navigation";
import { requireUser } from "@/lib/authz/session";
import { listUserProjects } from "@/lib/projects/projects";

export default async function HomePage() {
  const user = await requireUser();
  const [first] = await listUserProjects(user.id);
  redirect(first ? `/projects/${first.id}/dashboard` : "/org/projects");
}
