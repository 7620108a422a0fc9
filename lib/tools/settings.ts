import "server-only";
import { fieldError, invalidInput, type ActionResult } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/record";
import { loadProjectGrant } from "@/lib/authz/grants";
import { secretRightsForUser, type AccessEntry } from "@/lib/authz/policy";
import { db } from "@/lib/db";
import { toolSettingsSchema } from "@/lib/tools/schema";
import { TOOLS, findTool, type ToolDefinition } from "./catalog";
import { confirmedState, referenceState, type ReferenceState } from "@/lib/secrets/reference-state";
import type { AuthorizedMember } from "@/lib/authz/context";

/** Tool settings of a project: plain values and secret references, never a confidential value. */

export type ParameterView = {
  key: string;
  value: string;
  /** For a confidential parameter: the referenced secret's name, its id when it exists, and whether it resolves. */
  reference?: { name: string; secretId: string | null; state: ReferenceState } | null;
};

/**
 * Whether the person who saved a reference that was not checked (its secret did not exist yet: the setting's
 * referenceChecked) can read that secret now, by the policy, from the database. Nobody (a saver who left the
 * project, or none recorded) reads nothing.
 */
export async function saverCanRead(projectId: string, saverId: string | null, accesses: readonly AccessEntry[]): Promise<boolean> {
  const grant = saverId ? await loadProjectGrant(saverId, projectId) : null;
  return secretRightsForUser(grant, accesses).read;
}

/** Every tool's settings and the state of each reference, as the project's tools (All project tools) see them. */
export async function getProjectToolSettings(projectId: string) {
  const settings = await db.toolSetting.findMany({
    where: { projectId },
    select: { toolKey: true, paramKey: true, value: true, secretName: true, referenceChecked: true, updatedById: true },
  });
  const names = [...new Set(settings.flatMap((s) => (s.secretName ? [s.secretName.toLowerCase()] : [])))];
  const secrets = names.length
    ? await db.secret.findMany({
        where: { projectId, nameKey: { in: names } },
        select: {
          id: true,
          nameKey: true,
          status: true,
          deletedAt: true,
          expiresAt: true,
          accesses: { select: { principalType: true, userId: true, roleId: true, tokenId: true, level: true } },
        },
      })
    : [];
  const byName = new Map(secrets.map((s) => [s.nameKey, s]));
  const stored = new Map(settings.map((s) => [`${s.toolKey}:${s.paramKey}`, s]));
  // The savers of references not checked when saved, and whether each can read the secret now (rare: at most a
  // few settings, each saved before its secret existed by someone who is not an administrator).
  const confirmed = new Map<string, boolean>();
  for (const s of settings) {
    const secret = s.secretName && !s.referenceChecked ? byName.get(s.secretName.toLowerCase()) : undefined;
    if (secret) confirmed.set(`${s.toolKey}:${s.paramKey}`, await saverCanRead(projectId, s.updatedById, secret.accesses));
  }

  return TOOLS.map((tool) => {
    const parameters: ParameterView[] = tool.parameters.map((p) => {
      const row = stored.get(`${tool.key}:${p.key}`);
      if (p.confidential) {
        const name = row?.secretName ?? "";
        if (!name) return { key: p.key, value: "", reference: null };
        const secret = byName.get(name.toLowerCase()) ?? null;
        const toolsCanRead = Boolean(secret?.accesses.some((a) => a.principalType === "ALL_TOOLS" || a.principalType === "TOKEN"));
        const state = confirmedState(referenceState(secret, toolsCanRead), confirmed.get(`${tool.key}:${p.key}`) ?? true);
        return { key: p.key, value: name, reference: { name, secretId: secret?.id ?? null, state } };
      }
      return { key: p.key, value: row?.value ?? p.default ?? "" };
    });
    const missing = tool.parameters.filter((p, i) => p.required && parameters[i].value === "").map((p) => p.label);
    const broken = tool.parameters.filter((p, i) => parameters[i].reference && parameters[i].reference!.state !== "ok").map((p) => p.label);
    const state = missing.length ? ("incomplete" as const) : broken.length ? ("broken" as const) : ("configured" as const);
    return { tool, parameters, missing, broken, state };
  });
}

export async function getToolSettings(projectId: string, toolKey: string) {
  return (await getProjectToolSettings(projectId)).find((t) => t.tool.key === toolKey) ?? null;
}

/** Which tool parameters refer to each secret (by lower-cased name): the secret's "Used by". */
export async function getSecretUsage(projectId: string, nameKeys?: string[]) {
  const rows = await db.toolSetting.findMany({
    where: { projectId, secretName: { not: null } },
    select: { toolKey: true, paramKey: true, secretName: true },
  });
  const usage = new Map<string, { toolKey: string; toolName: string; parameter: string }[]>();
  for (const row of rows) {
    const key = row.secretName!.toLowerCase();
    if (nameKeys && !nameKeys.includes(key)) continue;
    const tool = findTool(row.toolKey);
    const parameter = tool?.parameters.find((p) => p.key === row.paramKey);
    if (!tool || !parameter?.confidential) continue;
    usage.set(key, [...(usage.get(key) ?? []), { toolKey: tool.key, toolName: tool.name, parameter: parameter.label }]);
  }
  return usage;
}

/** Saves a tool's settings. A confidential parameter stores a secret name only. */
export async function saveToolSettings(
  ctx: AuthorizedMember,
  tool: ToolDefinition,
  input: unknown,
): Promise<ActionResult<{ missing: string[] }>> {
  const parsed = toolSettingsSchema(tool, { allowIncomplete: true }).safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const values = parsed.data as Record<string, string>;
  // Settings decide where a tool sends the values it resolves (an http-api base URL, say): whoever saves them
  // must be able to read every secret they point at, or tools.edit would be a way to read any secret.
  const named = tool.parameters.filter((p) => p.confidential && values[p.key]).map((p) => ({ key: p.key, name: values[p.key] }));
  // A name with no secret yet (the bookmark flow) cannot be checked now: saved by someone who is not an
  // administrator, it resolves only once they can read the secret created under it (referenceChecked).
  const existing = new Set<string>();
  if (named.length && !ctx.grant.isProjectAdmin) {
    const secrets = await db.secret.findMany({
      where: { projectId: ctx.projectId, nameKey: { in: named.map((n) => n.name.toLowerCase()) } },
      select: { nameKey: true, accesses: { select: { principalType: true, userId: true, roleId: true, tokenId: true, level: true } } },
    });
    for (const secret of secrets) existing.add(secret.nameKey);
    for (const { key, name } of named) {
      const secret = secrets.find((s) => s.nameKey === name.toLowerCase());
      if (secret && !secretRightsForUser(ctx.grant, secret.accesses).read) {
        return fieldError(key, `You cannot point a tool at "${name}": you cannot read that secret yourself.`);
      }
    }
  }
  await db.$transaction(async (tx) => {
    for (const p of tool.parameters) {
      const raw = values[p.key] ?? "";
      const data = p.confidential
        ? { value: null, secretName: raw || null, referenceChecked: !raw || ctx.grant.isProjectAdmin || existing.has(raw.toLowerCase()) }
        : { value: raw, secretName: null, referenceChecked: true };
      await tx.toolSetting.upsert({
        where: { projectId_toolKey_paramKey: { projectId: ctx.projectId, toolKey: tool.key, paramKey: p.key } },
        create: { projectId: ctx.projectId, toolKey: tool.key, paramKey: p.key, ...data, updatedById: ctx.actor.id },
        update: { ...data, updatedById: ctx.actor.id },
      });
    }
    await recordAudit(tx, ctx.actor, {
      action: "tool.settings_update",
      projectId: ctx.projectId,
      targetType: "tool",
      targetId: tool.key,
      targetName: tool.name,
      details: { references: Object.fromEntries(tool.parameters.filter((p) => p.confidential).map((p) => [p.key, values[p.key] || null])) },
    });
  });
  // Saved as it is; what a run still lacks is said, not refused.
  return { ok: true, missing: tool.parameters.filter((p) => p.required && !values[p.key]).map((p) => p.label) };
}
