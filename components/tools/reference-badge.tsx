import { Badge } from "@/components/ui/badge";
import { REFERENCE_LABELS, type ReferenceState } from "@/lib/secrets/reference-state";

const TONES: Record<ReferenceState, "success" | "warning" | "danger" | "neutral"> = {
  ok: "success",
  missing: "warning",
  deleted: "danger",
  revoked: "danger",
  inactive: "warning",
  expired: "danger",
  forbidden: "danger",
  unconfirmed: "danger",
};

/** Whether a secret reference resolves for the project's tools. */
export function ReferenceBadge({ state }: { state: ReferenceState }) {
  return <Badge tone={TONES[state]}>{REFERENCE_LABELS[state]}</Badge>;
}
