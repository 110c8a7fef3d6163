import { HEALTH_LABELS, type Health } from "@/lib/goals/rules";
import type { StageGoalSummary } from "@/lib/goals/queries";
import { plural } from "@/lib/format";
import { HealthBadge } from "./health-badge";

const ORDER: Health[] = ["off_track", "overdue", "at_risk", "on_track", "achieved", "no_data"];

/** A stage's goal health at a glance: one badge per health present, with counts in words. */
export function GoalSummary({ summary }: { summary: StageGoalSummary | undefined }) {
  if (!summary || summary.open === 0) return <p className="text-xs text-slate-500">No open goals</p>;
  const present = ORDER.filter((h) => summary.counts[h]);
  // Drafts have no health yet: count them in words rather than leave "Goals:" with nothing after it.
  const drafts = summary.open - present.reduce((n, h) => n + summary.counts[h]!, 0);
  return (
    <div className="flex flex-wrap items-center gap-1 text-xs" aria-label={plural(summary.open, "open goal")}>
      <span className="text-slate-600">Goals:</span>
      {present.map((h) => (
        <span key={h} title={HEALTH_LABELS[h]}>
          <HealthBadge health={h} /> <span className="sr-only">×</span>
          {summary.counts[h]}
        </span>
      ))}
      {drafts > 0 ? <span className="text-slate-600">{present.length ? "· " : ""}{plural(drafts, "draft")}</span> : null}
      {summary.stale ? <span className="text-amber-800">· {summary.stale} stale</span> : null}
    </div>
  );
}
