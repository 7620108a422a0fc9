import { requireProjectPage } from "@/lib/authz/session";

export type LogPageProps = {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
};

/** Opens Requests or Activity: both are for requests.view holders and read their filters from the URL. */
export async function openLogPage<Query>({ params, searchParams }: LogPageProps, parse: (sp: Record<string, string | undefined>) => Query) {
  const { projectId } = await params;
  const { project } = await requireProjectPage(projectId, "requests.view");
  const sp = await searchParams;
  return { project, sp, query: parse(sp) };
}

/** The filters that are set, as a query string ("" when none): the CSV export takes the same ones as the page. */
export function setFilters(values: Record<string, string | undefined>): URLSearchParams {
  return new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => Boolean(e[1])));
}
