/**
 * The Accesses a new secret gets: every API token of the project may read it
 * ("All project tools"), so the seed's flow — create the secret, the tool
 * finds it — works without extra steps. Project Administrators need no entry.
 */
export const DEFAULT_ACCESSES = [{ principalType: "ALL_TOOLS" as const, principalKey: "all_tools", level: "READ" as const }];

export const DEFAULT_ACCESS_SUMMARY = [
  { principal: "Project Administrators", level: "Read and write", note: "Always, through their role." },
  { principal: "All project tools", level: "Read", note: "Every API token of the project, while the secret is Active." },
];

/** The defaults as the Accesses tab of a new secret shows them before its first save. */
export const DEFAULT_ACCESS_ENTRIES = DEFAULT_ACCESSES.map((entry) => ({
  ...entry,
  label: "All project tools",
  detail: "Every API token of the project",
}));
