import { HEALTH_LABELS, type Health } from "@/lib/goals/rules";
import type { StageGoalSummary } from "@/lib/goals/queries";
import { plural } from "@/lib/format";
import { HEALTH_TONE } from "./health-badge";

const ORDER: Health[] = ["off_track", "overdue", "at_risk", "on_track", "achieved", "no_data"];

/**
 * A stage's goal health at a glance: one badge per health present, with counts in words.
 * Repeated on every card of a board: each badge is one element with its words, its shape (the
 * same as HealthBadge's) drawn by the stylesheet and hidden from screen readers, its count after it.
 */
export function GoalSummary({ summary, className }: { summary: StageGoalSummary | undefined; className?: string }) {
  if (!summary || summary.open === 0) return <p className={className ? `note ${className}` : "note"}>No open goals</p>;
  const present = ORDER.filter((h) => summary.counts[h]);
  // Drafts have no health yet: count them in words rather than leave "Goals:" with nothing after it.
  const drafts = summary.open - present.reduce((n, h) => n + summary.counts[h]!, 0);
  return (
    <div className={className ? `goal-sum ${className}` : "goal-sum"} aria-label={plural(summary.open, "open goal")}>
      <span className="text-slate-600">Goals:</span>
      {present.map((h) => (
        <span key={h} title={HEALTH_LABELS[h]}>
          <span className={`badge badge-${HEALTH_TONE[h]} gh-${h}`}>{HEALTH_LABELS[h]}</span>
          <span className="sr-only"> ×</span>
          {` ${summary.counts[h]}`}
        </span>
      ))}
      {drafts > 0 ? <span className="text-slate-600">{`${present.length ? "· " : ""}${plural(drafts, "draft")}`}</span> : null}
      {summary.stale ? <span className="text-amber-800">{`· ${summary.stale} stale`}</span> : null}
    </div>
  );
}
