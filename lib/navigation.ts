/**
 * The sidebar of DESIGN.md. A section with `unavailable` is shown but
 * disabled, with the reason as its hint.
 */
export type Section = {
  key: string;
  label: string;
  unavailable?: string;
  /** The project permission the section's page needs. */ needs?: string;
};

export const PROJECT_SECTIONS: Section[] = [
  { key: "dashboard", label: "Dashboard", needs: "project.view" },
  { key: "assistants", label: "Assistants", unavailable: "Assistants are not part of this backoffice." },
  { key: "rag-assistants", label: "RAG Assistants", unavailable: "RAG Assistants are not part of this backoffice." },
  { key: "tools", label: "Tools", needs: "tools.view" },
  { key: "requests", label: "Requests", needs: "requests.view" },
  { key: "activity", label: "Activity", needs: "requests.view" },
  { key: "api-tokens", label: "API Tokens", needs: "tokens.manage" },
  { key: "secrets", label: "Secrets", needs: "secrets.list" },
  { key: "members", label: "Members", needs: "project.view" },
  { key: "roles", label: "Roles", needs: "project.view" },
  { key: "playground", label: "Playground", needs: "tokens.manage" },
];

export const ORGANIZATION_SECTIONS: Section[] = [
  { key: "projects", label: "Projects" },
  { key: "members", label: "Members" },
  { key: "settings", label: "Settings" },
];

/** The project and section of a backoffice path, e.g. /projects/ID/secrets/… */
export function parseProjectPath(pathname: string): { projectId: string; section: string } | null {
  const match = /^\/projects\/([^/]+)(?:\/([^/]+))?/.exec(pathname);
  return match ? { projectId: match[1], section: match[2] ?? "dashboard" } : null;
}

/** The cookie that remembers the project last viewed, so that "/" opens it (a preference, checked against membership). */
export const LAST_PROJECT_COOKIE = "last-project";

/** The project "/" and the Organization pages' project links lead to: the last one viewed while still a member, else the first. */
export function preferredProject<P extends { id: string }>(projects: P[], lastViewed: string | undefined): P | undefined {
  return projects.find((p) => p.id === lastViewed) ?? projects[0];
}

/** The permission a project page needs, from its path (the Secret Editor for a new secret needs more than the gallery). */
export function pagePermission(pathname: string): string | undefined {
  const match = /^\/projects\/[^/]+\/([^/]+)(?:\/([^/]+))?/.exec(pathname);
  if (!match) return undefined;
  if (match[1] === "secrets" && match[2] === "new") return "secrets.create";
  return PROJECT_SECTIONS.find((section) => section.key === match[1])?.needs;
}
