import { HEALTH_LABELS, type Health } from "@/lib/goals/rules";
import type { StageGoalSummary } from "@/lib/goals/queries";
import { HealthBadge } from "./health-badge";

const ORDER: Health[] = ["off_track", "overdue", "at_risk", "on_track", "achieved", "no_data"];

/** A stage's goal health at a glance: one badge per health present, with counts in words. */
export function GoalSummary({ summary }: { summary: StageGoalSummary | undefined }) {
  if (!summary || summary.open === 0) return <p className="text-xs text-slate-500">No open goals</p>;
  return (
    <div className="flex flex-wrap items-center gap-1 text-xs" aria-label={`${summary.open} open goals`}>
      <span className="text-slate-600">Goals:</span>
      {ORDER.filter((h) => summary.counts[h]).map((h) => (
        <span key={h} title={HEALTH_LABELS[h]}>
          <HealthBadge health={h} /> <span className="sr-only">×</span>
          {summary.counts[h]}
        </span>
      ))}
      {summary.stale ? <span className="text-amber-800">· {summary.stale} stale</span> : null}
    </div>
  );
}
