import "server-only";
import { fieldError, type ActionFailure } from "@/lib/action-result";
import type { Actor } from "@/lib/audit/record";
import { checkPasskeyAssertion, type RelyingParty } from "./passkeys";
import { secondFactors, verifySecondFactor } from "./two-factor";

/** What proves an existing second factor: a code from the app (or a recovery code), or a passkey assertion (JSON). */
export type FactorProof = { code?: unknown; passkey?: unknown };

/**
 * Before a change to a person's second factors (adding a passkey or an authenticator app, removing a passkey):
 * when they already have one, proof of it, besides the password. A stolen cookie with a known password then
 * still cannot add its own way in or take one away. Null when proven (or there is nothing to prove); otherwise
 * the refusal, said next to the "code" field. Wrong codes count as at sign-in; refused assertions are audited.
 */
export async function proveExistingFactor(
  userId: string,
  sid: string,
  proof: FactorProof,
  rp: RelyingParty | null,
  actor: Actor,
): Promise<ActionFailure | null> {
  const factors = await secondFactors(userId);
  if (!factors.totp && !factors.passkey) return null;
  const code = typeof proof.code === "string" ? proof.code.trim() : "";
  if (code && factors.totp) {
    if (code.length > 32) return fieldError("code", "A code has at most 32 characters.");
    const checked = await verifySecondFactor(userId, code, actor, { sid });
    if (checked.ok) return null;
    return checked.reason === "locked" ? { ok: false, code: "forbidden", message: checked.message } : fieldError("code", checked.message);
  }
  if (typeof proof.passkey === "string" && factors.passkey && rp && proof.passkey.length <= 16_384) {
    let input: unknown = null;
    try {
      input = JSON.parse(proof.passkey);
    } catch {
      input = null;
    }
    const checked = await checkPasskeyAssertion(input, rp, userId);
    if (checked.ok) return null;
    return fieldError("code", "That passkey did not check out. Use one of your own passkeys.");
  }
  return fieldError(
    "code",
    factors.totp ? "Enter a code from your authenticator app, or a recovery code." : "Confirm with one of your passkeys.",
  );
}
