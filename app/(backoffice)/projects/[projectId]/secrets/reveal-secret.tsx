"use client";
import { callAction } from "@/components/forms/call-action";
import { RevealValue } from "@/components/secrets/reveal-value";
import { revealSecretAction } from "./actions";

/** Reveal and copy for one secret, through the audited server action. */
export function RevealSecret({ projectId, secretId }: { projectId: string; secretId: string }) {
  return <RevealValue reveal={(purpose) => callAction(() => revealSecretAction(projectId, secretId, purpose))} />;
}
