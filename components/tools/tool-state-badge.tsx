import { Badge } from "@/components/ui/badge";

const STATES = {
  configured: { label: "Configured", tone: "success" },
  incomplete: { label: "Incomplete", tone: "warning" },
  broken: { label: "Broken references", tone: "danger" },
} as const;

/** A tool's state: every required setting set and every reference resolving, a required one missing, or a reference broken. */
export function ToolStateBadge({ state }: { state: keyof typeof STATES }) {
  return <Badge tone={STATES[state].tone}>{STATES[state].label}</Badge>;
}
