import { Badge } from "@/components/ui/badge";
import { FOLLOW_UP_STATUS_LABELS, type FollowUpStatus } from "@/lib/follow-ups/rules";

/** Status in words, and "Overdue" as a word too: never colour alone. */
export function FollowUpStatusBadge({ status, overdue }: { status: FollowUpStatus; overdue?: boolean }) {
  const tone = status === "closed" ? "neutral" : status === "action_taken" ? "blue" : status === "acknowledged" ? "amber" : "green";
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge tone={tone}>{FOLLOW_UP_STATUS_LABELS[status]}</Badge>
      {overdue ? <Badge tone="red">! Overdue</Badge> : null}
    </span>
  );
}

const SCALE_LABELS = { csat: "CSAT", nps: "NPS", ces: "CES" } as const;
const SCALE_RANGE = { csat: "1–5", nps: "0–10", ces: "1–7" } as const;

/** "CSAT 1 (1–5)", or "No score". */
export function scoreText(scale: "csat" | "nps" | "ces" | null, score: string | null): string {
  if (!scale || score === null) return "No score";
  return `${SCALE_LABELS[scale]} ${Number(score)} (${SCALE_RANGE[scale]})`;
}
