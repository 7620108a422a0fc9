/**
 * The audit log in words. Each entry (one event, or the events one save
 * wrote together) becomes one sentence a person reads — "Ana gave the
 * Deploy token read access to “MyAPIkey”" — with one label per person
 * and per principal. Pure: the names come from the caller.
 */

export type AuditRow = {
  id: string;
  action: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  outcome: "ALLOWED" | "DENIED" | "FAILED";
  reason: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
};

/** Who people, roles and tokens are now, by id: the label a person sees everywhere. */
export type Names = { people: Map<string, string>; roles: Map<string, string>; tokens: Map<string, string> };

export type ActivityEntry = {
  id: string;
  actor: string;
  /** The whole sentence, the actor first. */
  sentence: string;
  outcome: AuditRow["outcome"];
  reason: string | null;
  createdAt: Date;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  actions: string[];
};

const LEVEL: Record<string, string> = { READ: "read", WRITE: "write" };
const STATUS: Record<string, string> = { ACTIVE: "Active", INACTIVE: "Inactive", REVOKED: "Revoked" };

export function personLabel(row: Pick<AuditRow, "actorType" | "actorId" | "actorLabel">, names: Names) {
  if (row.actorType === "USER" && row.actorId) return names.people.get(row.actorId) ?? row.actorLabel;
  if (row.actorType === "TOKEN") return `The API token ${row.actorId ? (names.tokens.get(row.actorId) ?? row.actorLabel) : row.actorLabel}`;
  return row.actorLabel === "system" ? "The system" : row.actorLabel;
}

/** A principal key ("user:…", "role:…", "token:…", "all_tools") as words. */
export function principalName(key: unknown, names: Names, fallback?: unknown): string {
  if (typeof key !== "string") return "someone";
  if (key === "all_tools") return "all project tools";
  const [kind, id] = key.split(":");
  if (kind === "user") return names.people.get(id) ?? (typeof fallback === "string" ? fallback : "a former member");
  if (kind === "role") return `the ${names.roles.get(id) ?? (typeof fallback === "string" ? fallback : "deleted")} role`;
  if (kind === "token") return `the ${names.tokens.get(id) ?? (typeof fallback === "string" ? fallback : "deleted")} token`;
  return "someone";
}

const quoted = (name: string | null | undefined) => `“${name ?? "a deleted item"}”`;

/** "1 request", "3 requests"; "the requests" when the count is unknown. */
function count(n: unknown, one: string, many = `${one}s`) {
  return typeof n === "number" ? `${n} ${n === 1 ? one : many}` : `the ${many}`;
}

/** What one event says, without its actor, or null when another event of the same save says it. */
function phrase(row: AuditRow, names: Names, inSave: boolean): string | null {
  const d = row.details;
  const secret = quoted(row.targetName);
  const target = row.targetName ?? "";
  switch (row.action) {
    case "secret.create":
      return `created the secret ${secret}${d.status && d.status !== "ACTIVE" ? ` as ${STATUS[String(d.status)]}` : ""}`;
    case "secret.update": {
      const changes = Array.isArray(d.changes) ? (d.changes as string[]) : [];
      const parts = changes.flatMap((change) => {
        if (change === "name") return [`renamed it from ${quoted(String(d.previousName ?? ""))}`];
        if (change === "value") return [`set a new value (version ${d.version})`];
        if (change === "description") return ["changed the description"];
        if (change === "expiry") return [d.expiresOn ? `set its last day of use to ${d.expiresOn}` : "removed its expiry"];
        return []; // the status: its own event says from what to what
      });
      return parts.length ? `changed ${secret}: ${parts.join(", ")}` : inSave ? null : `changed ${secret}`;
    }
    case "secret.status_change":
      return d.to === "REVOKED"
        ? `revoked ${secret}`
        : `made ${secret} ${STATUS[String(d.to)] ?? String(d.to)}${d.from ? ` (was ${STATUS[String(d.from)] ?? String(d.from)})` : ""}`;
    case "secret.rollback":
      return `rolled ${secret} back to the value of version ${d.to} (now version ${d.version})`;
    case "secret.reveal":
      return `revealed the value of ${secret}`;
    case "secret.copy":
      return `copied the value of ${secret}`;
    case "secret.delete":
      return `moved ${secret} to the Trash`;
    case "secret.restore":
      return `restored ${secret} from the Trash`;
    case "secret.purge":
      return `purged ${secret} for good`;
    case "secret.import": {
      const updated = d.updated ? `, ${count(d.updated, "new version")}` : "";
      return `imported ${count(Number(d.created ?? 0), "secret")} from a .env file${updated}${d.skipped ? ` (${d.skipped} skipped)` : ""}`;
    }
    case "secret.decrypt_failure":
      return `could not decrypt ${secret} (version ${d.version})`;
    case "secret.access_add":
      return `gave ${principalName(d.principal, names, d.principalLabel)} ${LEVEL[String(d.level)] ?? "some"} access to ${secret}`;
    case "secret.access_change":
      return `changed the access of ${principalName(d.principal, names)} to ${secret} from ${LEVEL[String(d.from)]} to ${LEVEL[String(d.to)]}`;
    case "secret.access_remove":
      return `removed the access of ${principalName(d.principal, names)} to ${secret}`;
    case "secret.access_replace":
      return `replaced the Accesses of ${secret}`;
    case "member.add":
      return `added ${target} to the project${d.invited ? " and invited them" : ""}`;
    case "member.roles_change":
      return `changed the roles of ${target}`;
    case "member.remove":
      return `removed ${target} from the project`;
    case "member.reinvite":
      return `issued a new invitation link for ${target}`;
    case "member.make_admin":
      return `made ${target} a Project Administrator`;
    case "member.invitation_accept":
      return "accepted their invitation";
    case "role.create":
      return `created the role ${quoted(row.targetName)}`;
    case "role.update":
      return `changed the role ${quoted(row.targetName)}`;
    case "role.delete":
      return `deleted the role ${quoted(row.targetName)}`;
    case "token.create":
      return `created the API token ${quoted(row.targetName)}${d.scope ? ` (${String(d.scope).toLowerCase()} scope)` : ""}`;
    case "token.revoke":
      return `revoked the API token ${quoted(row.targetName)}`;
    case "tool.settings_update":
      return `changed the settings of ${target || "a tool"}`;
    case "tool.playground":
      return `tried ${target || "a tool"} in the Playground`;
    case "requests.export":
      return `exported ${count(d.rows, "request")} as CSV`;
    case "activity.export":
      return `exported ${count(d.rows, "activity entry", "activity entries")} as CSV`;
    case "api.secrets.get":
      return `read the value of ${secret} through the API`;
    case "secret.resolve":
      return `resolved ${secret} for ${d.tool ?? "a tool"}${d.parameter ? ` (${d.parameter})` : ""}`;
    case "project.create":
      return `created the project ${quoted(row.targetName)}`;
    case "key.rotate_data_key":
      return "rotated the project's data key";
    default:
      if (row.action.startsWith("api.") && d.method) return `called ${d.method} ${d.path}`;
      return `did ${row.action.replace(/[._]/g, " ")}${row.targetName ? ` on ${quoted(row.targetName)}` : ""}`;
  }
}

/** What a refused attempt was, as "tried to …"; a secret's name follows the verbs that end with a space. */
const TRIED: Record<string, string> = {
  "secret.create": "create a secret",
  "secret.import": "import secrets",
  "secret.update": "change ",
  "secret.rollback": "roll back ",
  "secret.reveal": "reveal the value of ",
  "secret.copy": "copy the value of ",
  "secret.delete": "delete ",
  "secret.restore": "restore ",
  "secret.purge": "purge ",
  "secret.access_add": "change the Accesses of ",
  "secret.access_change": "change the Accesses of ",
  "secret.access_remove": "change the Accesses of ",
  "member.add": "add a member",
  "member.roles_change": "change a member's roles",
  "member.remove": "remove a member",
  "member.reinvite": "issue an invitation link",
  "role.create": "create a role",
  "role.update": "change a role",
  "role.delete": "delete a role",
  "token.create": "create an API token",
  "token.revoke": "revoke an API token",
  "tool.settings_update": "change tool settings",
  "tool.playground": "use the Playground",
  "requests.export": "export the requests log",
  "activity.export": "export the activity",
};

function attempt(row: AuditRow) {
  const verb = TRIED[row.action];
  if (!verb) return `do ${row.action.replace(/[._]/g, " ")}`;
  return verb.endsWith(" ") ? `${verb}${quoted(row.targetName)}` : verb;
}

/** One entry: the events one person wrote together on one target (one Confirm), as one sentence. */
export function describeEntry(rows: AuditRow[], names: Names): ActivityEntry {
  const first = rows[0];
  const actor = personLabel(first, names);
  const refused = rows.find((r) => r.outcome !== "ALLOWED");
  let body: string;
  if (refused && refused.outcome === "DENIED") {
    body = `tried to ${attempt(refused)} and was refused`;
  } else {
    const phrases = rows.map((r) => phrase(r, names, rows.length > 1)).filter((p): p is string => Boolean(p));
    // "changed “X”: …", "gave … access to “X”": the secret's name once, after the first part.
    const target = quoted(first.targetName);
    body =
      phrases.length > 1 && first.targetType === "secret"
        ? [phrases[0], ...phrases.slice(1).map((p) => p.replace(` to ${target}`, "").replace(` ${target}`, " it"))].join("; ")
        : (phrases[0] ?? first.action);
  }
  return {
    id: first.id,
    actor,
    sentence: `${actor} ${body}`,
    outcome: refused?.outcome ?? "ALLOWED",
    reason: refused?.reason ?? null,
    createdAt: rows[rows.length - 1].createdAt,
    targetType: first.targetType,
    targetId: first.targetId,
    targetName: first.targetName,
    actions: rows.map((r) => r.action),
  };
}
