/**
 * The sidebar of DESIGN.md. A section with `unavailable` is shown but
 * disabled, with the reason as its hint.
 */
export type Section = { key: string; label: string; unavailable?: string };

export const PROJECT_SECTIONS: Section[] = [
  { key: "dashboard", label: "Dashboard" },
  { key: "assistants", label: "Assistants", unavailable: "Assistants are not part of this backoffice." },
  { key: "rag-assistants", label: "RAG Assistants", unavailable: "RAG Assistants are not part of this backoffice." },
  { key: "tools", label: "Tools" },
  { key: "requests", label: "Requests", unavailable: "Not available yet: the requests log arrives with the REST API." },
  { key: "api-tokens", label: "API Tokens" },
  { key: "secrets", label: "Secrets" },
  { key: "members", label: "Members" },
  { key: "roles", label: "Roles" },
  { key: "playground", label: "Playground", unavailable: "Not available yet: the playground arrives with the REST API." },
];

export const ORGANIZATION_SECTIONS: Section[] = [
  { key: "projects", label: "Projects" },
  { key: "members", label: "Members" },
];

/** The project and section of a backoffice path, e.g. /projects/ID/secrets/… */
export function parseProjectPath(pathname: string): { projectId: string; section: string } | null {
  const match = /^\/projects\/([^/]+)(?:\/([^/]+))?/.exec(pathname);
  return match ? { projectId: match[1], section: match[2] ?? "dashboard" } : null;
}
