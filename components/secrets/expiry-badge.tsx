import { Badge } from "@/components/ui/badge";
import { dayOfExpiry, EXPIRY_WARNING_DAYS } from "@/lib/secrets/rules";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * "Expired", "Expires today" (today is its last day) or "Expires in N days"
 * (calendar days, UTC, to its last day) within the warning window; nothing otherwise.
 */
export function ExpiryBadge({ expiresAt, now = new Date() }: { expiresAt: Date | null; now?: Date }) {
  if (!expiresAt) return null;
  const title = `Last day of use: ${dayOfExpiry(expiresAt)} (UTC)`;
  if (expiresAt.getTime() <= now.getTime())
    return (
      <Badge tone="danger" title={title}>
        Expired
      </Badge>
    );
  const days = Math.round((Date.parse(dayOfExpiry(expiresAt)) - Date.parse(now.toISOString().slice(0, 10))) / DAY_MS);
  if (days >= EXPIRY_WARNING_DAYS) return null;
  return (
    <Badge tone="warning" title={title}>
      {days === 0 ? "Expires today" : `Expires in ${days} day${days === 1 ? "" : "s"}`}
    </Badge>
  );
}
