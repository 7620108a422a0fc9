import { Badge } from "@/components/ui/badge";
import { STATUS_LABELS, type SecretStatusValue } from "@/lib/secrets/schema";

const TONES = { ACTIVE: "success", INACTIVE: "warning", REVOKED: "danger" } as const;

export function StatusBadge({ status }: { status: SecretStatusValue }) {
  return (
    <Badge tone={TONES[status]}>
      <span aria-hidden className="size-1.5 rounded-full bg-current" />
      {STATUS_LABELS[status]}
    </Badge>
  );
}
