import "server-only";
import { ApiError, type ApiContext } from "@/lib/api/http";
import { recordAudit } from "@/lib/audit/record";
import { secretRightsForToken } from "@/lib/authz/policy";
import { DecryptionError } from "@/lib/crypto/aead";
import { db } from "@/lib/db";
import { openSecretVersion } from "@/lib/secrets/values";
import { findTool } from "./catalog";
import { referenceState, type ReferenceState } from "./references";

export type ResolvedParameter = {
  key: string;
  type: string;
  fromSecret: boolean;
  value: string | number | boolean | null;
  secretName?: string;
  status: ReferenceState | "unset" | "decryption_failed";
};

/**
 * A tool's settings as the token's tool needs them at run time: plain values
 * typed, and each secret reference replaced by the value when the token may
 * read the secret and it is Active — otherwise the reason. Every secret read
 * (or refused) is an audit event.
 */
export async function resolveToolConfig(context: Pick<ApiContext, "grant" | "actor" | "target">, toolKey: string) {
  const tool = findTool(toolKey);
  if (!tool)
    throw new ApiError(404, "not_found", `No tool "${toolKey}". Tools: web-search, web-scraper, google-drive, sharepoint, http-api.`);
  const projectId = context.grant.projectId;
  context.target = { type: "tool", id: tool.key, name: tool.name };
  const settings = await db.toolSetting.findMany({
    where: { projectId, toolKey: tool.key },
    select: { paramKey: true, value: true, secretName: true },
  });
  const byKey = new Map(settings.map((s) => [s.paramKey, s]));
  const names = tool.parameters.flatMap((p) =>
    p.confidential && byKey.get(p.key)?.secretName ? [byKey.get(p.key)!.secretName!.toLowerCase()] : [],
  );
  const secrets = names.length
    ? await db.secret.findMany({
        where: { projectId, nameKey: { in: names } },
        select: {
          id: true,
          name: true,
          nameKey: true,
          status: true,
          version: true,
          deletedAt: true,
          expiresAt: true,
          accesses: { select: { principalType: true, userId: true, roleId: true, tokenId: true, level: true } },
        },
      })
    : [];
  const secretByName = new Map(secrets.map((s) => [s.nameKey, s]));

  const parameters: ResolvedParameter[] = [];
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
    const state = referenceState(secret, canRead);
    let value: string | null = null;
    let status: ResolvedParameter["status"] = state;
    if (secret && state === "ok") {
      const row = await db.secretVersion.findUnique({ where: { secretId_version: { secretId: secret.id, version: secret.version } } });
      try {
        if (!row) throw new DecryptionError();
        value = await openSecretVersion(db, projectId, row);
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        status = "decryption_failed";
      }
    }
    if (secret) {
      await recordAudit(db, context.actor, {
        action: "secret.resolve",
        outcome: status === "ok" ? "ALLOWED" : status === "decryption_failed" ? "FAILED" : "DENIED",
        projectId,
        targetType: "secret",
        targetId: secret.id,
        targetName: secret.name,
        reason: status === "ok" ? undefined : status,
        details: { tool: tool.key, parameter: p.key, version: secret.version },
      });
    }
    parameters.push({ key: p.key, type: p.type, fromSecret: true, value, secretName: name, status });
  }
  const complete = tool.parameters.every((p, i) => parameters[i].status === "ok" || (!p.required && parameters[i].status === "unset"));
  context.target.details = { complete, outcomes: Object.fromEntries(parameters.filter((p) => p.fromSecret).map((p) => [p.key, p.status])) };
  return { tool: tool.key, name: tool.name, complete, parameters };
}
