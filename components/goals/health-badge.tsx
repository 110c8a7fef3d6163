import type { CSSProperties } from "react";
import { Badge } from "@/components/ui/badge";
import { HEALTH_LABELS, type Health } from "@/lib/goals/rules";

export const HEALTH_TONE: Record<Health, "green" | "amber" | "red" | "neutral" | "blue"> = {
  achieved: "blue",
  on_track: "green",
  at_risk: "amber",
  off_track: "red",
  overdue: "red",
  no_data: "neutral",
};

const ICON: Record<Health, string> = { achieved: "★", on_track: "●", at_risk: "▲", off_track: "✕", overdue: "!", no_data: "○" };

/** Health in words with a shape, never colour alone. */
export function HealthBadge({ health, status }: { health: Health | null; status?: string }) {
  if (!health) return <Badge tone="neutral">{status ? status[0]!.toUpperCase() + status.slice(1) : "—"}</Badge>;
  return (
    <Badge tone={HEALTH_TONE[health]}>
      <span aria-hidden className="mr-1">{ICON[health]}</span>
      {HEALTH_LABELS[health]}
    </Badge>
  );
}

/** Progress against what is expected by today; its classes (.pbar*) are in app/globals.css, as it repeats per goal. */
export function ProgressBar({ progress, expected }: { progress: number | null; expected: number }) {
  const pct = progress === null ? 0 : Math.round(progress * 100);
  const shown = Math.max(0, Math.min(100, pct));
  const exp = Math.round(expected * 100);
  return (
    <div className="pbar">
      {/* One element: the filled share and the expected mark are drawn by the stylesheet from --p and --e. */}
      <div
        className="pbar-track"
        role="img"
        aria-label={progress === null ? `No progress data; ${exp}% expected by today` : `${pct}% progress; ${exp}% expected by today`}
        style={{ "--p": `${shown}%`, "--e": `${exp}%` } as CSSProperties}
      />
      <div className="pbar-note">{`${progress === null ? "no data" : `${pct}%`} · expected ${exp}%`}</div>
    </div>
  );
}
