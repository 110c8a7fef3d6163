import { HealthTable, type HealthTableScope } from "@/components/dashboard/health-table";
import { HEALTH_LABELS, type Health } from "@/lib/goals/rules";
import type { HealthCount } from "@/lib/dashboard/queries";

export const HEALTH_ORDER: Health[] = ["off_track", "overdue", "at_risk", "on_track", "achieved", "no_data"];
const FILL: Record<Health, string> = { off_track: "bg-red-600", overdue: "bg-red-400", at_risk: "bg-amber-400", on_track: "bg-emerald-600", achieved: "bg-brand-600", no_data: "bg-slate-300" };


// The same colours as FILL, for the stacked bars' inline gradients (one element per bar).
const COLOR: Record<Health, string> = { off_track: "#dc2626", overdue: "#f87171", at_risk: "#fbbf24", on_track: "#059669", achieved: "#4f46e5", no_data: "#cbd5e1" };

type Group = { id: string; name: string; counts: Partial<Record<Health, number>>; total: number; stale: number };

export function groupHealth(rows: HealthCount[], by: "journey" | "department"): Group[] {
  const map = new Map<string, Group>();
  for (const r of rows) {
    const id = by === "journey" ? r.journeyId : r.departmentId;
    const name = by === "journey" ? r.journeyName : r.departmentName;
    const g = map.get(id) ?? { id, name, counts: {}, total: 0, stale: 0 };
    g.counts[r.health] = (g.counts[r.health] ?? 0) + r.goals;
    g.total += r.goals;
    g.stale += r.stale;
    map.set(id, g);
  }
  return [...map.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A group's health as one stacked bar: a gradient with a hard stop between segments, in HEALTH_ORDER. */
function stackedGradient(g: Group): string {
  let at = 0;
  const stops: string[] = [];
  for (const h of HEALTH_ORDER) {
    const n = g.counts[h];
    if (!n) continue;
    const to = at + (100 * n) / g.total;
    stops.push(`${COLOR[h]} ${at}% ${to}%`);
    at = to;
  }
  return stops.length ? `linear-gradient(to right, ${stops.join(", ")})` : "none";
}

/** Stacked bars of goal health per group, each segment counted in words in the table below (built when opened). */
export function HealthBreakdown({ groups, by, scope }: { groups: Group[]; by: "journey" | "department"; scope: HealthTableScope }) {
  if (!groups.length) return <p className="text-sm text-slate-600">No active goals in this view.</p>;
  return (
    <div>
      <ul className="space-y-2" aria-hidden>
        {groups.map((g) => (
          <li key={g.id} className="flex flex-wrap items-center gap-x-3 gap-y-0.5 sm:flex-nowrap">
            <span title={g.name} className="w-full min-w-0 break-words text-sm sm:w-48 sm:shrink-0 sm:truncate">{g.name}</span>
            <span className="h-3 min-w-0 flex-1 rounded bg-slate-100" style={{ backgroundImage: stackedGradient(g) }} />
            <span className="text-right text-sm tabular-nums sm:w-16">{g.total}</span>
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
