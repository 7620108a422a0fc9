import "server-only";
import type { Actor } from "@/lib/audit/record";
import { recordAuditNow } from "@/lib/audit/record-now";
import { secretRightsForToken, type AccessEntry, type TokenGrant } from "@/lib/authz/policy";
import { sql } from "@/lib/db";
import { groupCommit } from "@/lib/group-commit";
import { ACCESSES_AS_JSON, openCurrentValue } from "@/lib/secrets/serve";
import { findTool, TOOL_KEYS, type ToolDefinition } from "./catalog";
import { confirmedState, referenceState, type ReferenceState } from "@/lib/secrets/reference-state";
import { saverCanRead } from "./settings";

export type ResolvedParameter = {
  key: string;
  type: string;
  fromSecret: boolean;
  value: string | number | boolean | null;
  secretName?: string;
  status: ReferenceState | "unset" | "decryption_failed";
};

type ReferencedRow = {
  id: string;
  name: string;
  nameKey: string;
  status: "ACTIVE" | "INACTIVE" | "REVOKED";
  version: number;
  revokedThroughVersion: number;
  deletedAt: Date | null;
  expiresAt: Date | null;
  ciphertext: Buffer | null;
  iv: Buffer | null;
  dataKeyVersion: number | null;
  accesses: AccessEntry[];
};

export type ResolvedConfig = { ok: true; tool: string; name: string; complete: boolean; parameters: ResolvedParameter[] };

type SettingRow = {
  paramKey: string;
  value: string | null;
  secretName: string | null;
  referenceChecked: boolean;
  updatedById: string | null;
};
type Wanted = { projectId: string; tool: ToolDefinition };

/**
 * A tool's settings and the secrets its references name, with their Accesses
 * and sealed current versions. This is on the API's hot path (see
 * bench/api.ts): the resolutions that arrive together share two statements,
 * whatever their number and the number of their references.
 */
const loadTogether = groupCommit(
  async (wanted: Wanted[]): Promise<{ settings: SettingRow[]; secrets: ReferencedRow[] }[]> => {
    const { rows: settings } = await sql.query<SettingRow & { i: number }>({
      name: "tool-settings",
      text: `SELECT w."i"::int AS "i", t."paramKey", t."value", t."secretName", t."referenceChecked", t."updatedById"
           FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS w("projectId", "toolKey", "i")
           JOIN "ToolSetting" t ON t."projectId" = w."projectId" AND t."toolKey" = w."toolKey"`,
      values: [wanted.map((w) => w.projectId), wanted.map((w) => w.tool.key)],
    });
    const settingsOf = wanted.map(() => [] as SettingRow[]);
    for (const { i, ...setting } of settings) settingsOf[i - 1].push(setting);

    // The secrets named by confidential parameters, by name key within each project.
    const references = wanted.flatMap((w, i) => {
      const confidential = new Set(w.tool.parameters.filter((p) => p.confidential).map((p) => p.key));
      return settingsOf[i].flatMap((s) =>
        confidential.has(s.paramKey) && s.secretName ? [{ i, nameKey: s.secretName.toLowerCase() }] : [],
      );
    });
    const { rows: secrets } = references.length
      ? await sql.query<ReferencedRow & { projectId: string }>({
          name: "tool-referenced-secrets",
          text: `SELECT s."id", s."projectId", s."name", s."nameKey", s."status"::text AS "status", s."version", s."revokedThroughVersion", s."deletedAt", s."expiresAt",
                      v."ciphertext", v."iv", v."dataKeyVersion", ${ACCESSES_AS_JSON}
               FROM (SELECT DISTINCT * FROM unnest($1::uuid[], $2::text[]) AS r("projectId", "nameKey")) r
               JOIN "Secret" s ON s."projectId" = r."projectId" AND s."nameKey" = r."nameKey"
               LEFT JOIN "SecretVersion" v ON v."secretId" = s."id" AND v."version" = s."version"`,
          values: [references.map((r) => wanted[r.i].projectId), references.map((r) => r.nameKey)],
        })
      : { rows: [] };
    return wanted.map((w, i) => ({ settings: settingsOf[i], secrets: secrets.filter((s) => s.projectId === w.projectId) }));
  },
  256,
  // Two statements at once: they lock nothing shared (see lib/group-commit.ts).
  2,
);

/**
 * A tool's settings as the token's tool needs them at run time: plain values
 * typed, and each secret reference replaced by the value when the token may
 * read the secret and it is Active — otherwise the reason. Every secret read
 * (or refused) is an audit event.
 */
export async function resolveToolConfig(
  context: { grant: TokenGrant; actor: Actor },
  toolKey: string,
): Promise<ResolvedConfig | { ok: false; code: "not_found"; message: string }> {
  const tool = findTool(toolKey);
  if (!tool) return { ok: false, code: "not_found", message: `No tool "${toolKey}". Tools: ${TOOL_KEYS.join(", ")}.` };
  const projectId = context.grant.projectId;
  const { settings, secrets } = await loadTogether({ projectId, tool });
  const byKey = new Map(settings.map((s) => [s.paramKey, s]));
  const secretByName = new Map(secrets.map((s) => [s.nameKey, s]));

  const parameters: ResolvedParameter[] = [];
  const audited: Promise<void>[] = [];
  try {
    for (const p of tool.parameters) {
      const setting = byKey.get(p.key);
      if (!p.confidential) {
        const raw = setting?.value ?? p.default ?? "";
        const value = raw === "" ? null : p.type === "number" ? Number(raw) : p.type === "boolean" ? raw === "true" : raw;
        parameters.push({ key: p.key, type: p.type, fromSecret: false, value, status: raw === "" ? "unset" : "ok" });
        continue;
      }
      const name = setting?.secretName;
      if (!name) {
        parameters.push({ key: p.key, type: p.type, fromSecret: true, value: null, status: "unset" });
        continue;
      }
      const secret = secretByName.get(name.toLowerCase()) ?? null;
      const canRead = secret ? secretRightsForToken(context.grant, secret.accesses).read : false;
      // A name saved before its secret existed, by someone who is not an administrator: served only while that
      // person can read the secret (tools.edit must not be a way to send a secret one cannot read elsewhere).
      const confirmed = !secret || setting.referenceChecked || (await saverCanRead(projectId, setting.updatedById, secret.accesses));
      const { state: status, value } = confirmed
        ? await openCurrentValue(projectId, secret, canRead)
        : { state: confirmedState(referenceState(secret, canRead), false), value: null };
      if (secret) {
        const recorded = recordAuditNow(context.actor, {
          action: "secret.resolve",
          outcome: status === "ok" ? "ALLOWED" : status === "decryption_failed" ? "FAILED" : "DENIED",
          projectId,
          targetType: "secret",
          targetId: secret.id,
          targetName: secret.name,
          reason: status === "ok" ? undefined : status,
          details: { tool: tool.key, parameter: p.key, version: secret.version },
        });
        // Handled at once, awaited below: a failure while a later value is opened is never an unhandled rejection.
        recorded.catch(() => {});
        audited.push(recorded);
      }
      parameters.push({ key: p.key, type: p.type, fromSecret: true, value, secretName: name, status });
    }
  } catch (error) {
    // No audit write is left unawaited (an unhandled rejection) when something else fails half way.
    await Promise.allSettled(audited);
    throw error;
  }
  // Every read or refusal is on record before any value leaves.
  await Promise.all(audited);
  const complete = tool.parameters.every((p, i) => parameters[i].status === "ok" || (!p.required && parameters[i].status === "unset"));
  return { ok: true, tool: tool.key, name: tool.name, complete, parameters };
}
