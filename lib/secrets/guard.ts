import "server-only";
import { ForbiddenError, NotFoundError } from "@/lib/authz/errors";
import { can, secretRightsForUser, type SecretRights } from "@/lib/authz/policy";
import { memberContext, secretContext } from "@/lib/authz/context";
import { recordDenial } from "@/lib/authz/guard";
import { isUuid } from "@/lib/ids";
import { authorizeProject, userActor, type ProjectContext } from "@/lib/authz/session";
import { db } from "@/lib/db";
import { DEFAULT_ACCESSES } from "./schema";

export type SecretNeed = keyof SecretRights | "create";

/** The secret's Accesses entries, as the policy reads them. */
export async function getAccessEntries(projectId: string, secretId: string) {
  const secret = await db.secret.findFirst({
    where: { id: secretId, projectId },
    select: { accesses: { select: { principalType: true, userId: true, roleId: true, tokenId: true, level: true } } },
  });
  return secret ? secret.accesses : null;
}

/** A member's rights on one secret, or null when the secret is not in the project. */
export async function getSecretRights(context: ProjectContext, secretId: string): Promise<SecretRights | null> {
  if (!isUuid(secretId)) return null;
  const entries = await getAccessEntries(context.project.id, secretId);
  return entries ? secretRightsForUser(context.grant, entries) : null;
}

/**
 * Authorizes a secret action for the signed-in user from the policy and
 * returns the command's context. Every refusal is itself an audit event.
 * Several needs are all required (the Secret Editor's Confirm saves General
 * and Accesses together). A new secret's rights are those its default
 * Accesses give the creator.
 */
export async function authorizeSecretAction(
  projectId: string,
  need: SecretNeed | readonly SecretNeed[],
  auditAction: string,
  secretId?: string,
) {
  const needs: readonly SecretNeed[] = typeof need === "string" ? [need] : need;
  const creating = needs.includes("create");
  let missing: SecretNeed | undefined;
  try {
    const context = await authorizeProject(projectId, creating ? "secrets.create" : "project.view");
    let rights: SecretRights | null;
    if (creating) {
      rights = secretRightsForUser(
        context.grant,
        DEFAULT_ACCESSES.map((entry) => ({ ...entry, userId: null, roleId: null, tokenId: null })),
      );
    } else {
      rights = secretId ? await getSecretRights(context, secretId) : null;
      if (!rights) throw new NotFoundError("This secret does not exist in this project.");
    }
    missing = needs.find((n) => n !== "create" && !rights[n]);
    if (missing) throw new ForbiddenError();
    return secretContext(memberContext(context, await userActor(context.user)), rights, can(context.grant, "secrets.edit"));
  } catch (error) {
    if (error instanceof ForbiddenError) {
      const reason = missing ? `no ${missing} right on this secret` : "missing permission secrets.create";
      await recordDenial(projectId, auditAction, reason, { type: "secret", id: secretId });
    }
    throw error;
  }
}
