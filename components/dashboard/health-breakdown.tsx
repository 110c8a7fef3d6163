"use client";

import { HealthTable, type HealthTableScope } from "@/components/dashboard/health-table";
import { HEALTH_LABELS, type Health } from "@/lib/goals/rules";
import { HEALTH_ORDER, type HealthGroup as Group } from "@/lib/dashboard/health-groups";

const FILL: Record<Health, string> = { off_track: "bg-red-600", overdue: "bg-red-400", at_risk: "bg-amber-400", on_track: "bg-emerald-600", achieved: "bg-brand-600", no_data: "bg-slate-300" };


// The same colours as FILL, for the stacked bars' inline gradients (one element per bar).
const COLOR: Record<Health, string> = { off_track: "#dc2626", overdue: "#f87171", at_risk: "#fbbf24", on_track: "#059669", achieved: "#4f46e5", no_data: "#cbd5e1" };

/** A group's health as one stacked bar: a gradient with a hard stop between segments, in HEALTH_ORDER. */
function stackedGradient(g: Group): string {
  let at = 0;
  const stops: string[] = [];
  for (const h of HEALTH_ORDER) {
    const n = g.counts[h];
    if (!n) continue;
    const to = Math.round((at + (100 * n) / g.total) * 10) / 10;
    stops.push(`${COLOR[h]} ${at}% ${to}%`);
    at = to;
  }
  return stops.length ? `linear-gradient(to right, ${stops.join(", ")})` : "none";
}

/**
 * Stacked bars of goal health per group, each segment counted in words in the table below (the
 * same groups), built when opened. A client component: the page sends the groups' counts once,
 * not the bars drawn in the HTML and again in the React payload.
 */
export function HealthBreakdown({ groups, by, scope }: { groups: Group[]; by: "journey" | "department"; scope: HealthTableScope }) {
  if (!groups.length) return <p className="text-sm text-slate-600">No active goals in this view.</p>;
  return (
    <div>
      <ul className="space-y-2" aria-hidden>
        {groups.map((g) => (
          <li key={g.id} className="bar-row">
            <span title={g.name} className="bar-label">{g.name}</span>
            <span className="bar-track" style={{ backgroundImage: stackedGradient(g) }} />
            <span className="bar-total">{g.total}</span>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-3 text-xs text-slate-600" aria-hidden>
        {HEALTH_ORDER.map((h) => (
          <span key={h} className="flex items-center gap-1"><span className={`inline-block h-2.5 w-2.5 rounded-sm ${FILL[h]}`} /> {HEALTH_LABELS[h]}</span>
        ))}
      </div>
      <HealthTable
        rows={groups.map((g) => ({ id: g.id, name: g.name, counts: g.counts, stale: g.stale }))}
        by={by}
        columns={HEALTH_ORDER.map((h) => ({ health: h, label: HEALTH_LABELS[h] }))}
        scope={scope}
      />
    </div>
  );
}
