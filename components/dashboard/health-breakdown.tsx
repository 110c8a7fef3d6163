import Link from "next/link";
import { HEALTH_LABELS, type Health } from "@/lib/goals/rules";
import type { HealthCount } from "@/lib/dashboard/queries";

export const HEALTH_ORDER: Health[] = ["off_track", "overdue", "at_risk", "on_track", "achieved", "no_data"];
const FILL: Record<Health, string> = { off_track: "bg-red-600", overdue: "bg-red-400", at_risk: "bg-amber-400", on_track: "bg-emerald-600", achieved: "bg-brand-600", no_data: "bg-slate-300" };

// Counts are links: give each at least a 24×24 px target (WCAG 2.2 target size).
const COUNT_LINK = "inline-block min-h-6 min-w-6 text-center leading-6 text-brand-700 underline";

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

/** Stacked bars of goal health per group, each segment counted in words in the table below. */
export function HealthBreakdown({ groups, by, hrefFor }: { groups: Group[]; by: "journey" | "department"; hrefFor: (health: Health | "stale", id: string) => string }) {
  if (!groups.length) return <p className="text-sm text-slate-600">No active goals in this view.</p>;
  return (
    <div>
      <ul className="space-y-2" aria-hidden>
        {groups.map((g) => (
          <li key={g.id} className="flex flex-wrap items-center gap-x-3 gap-y-0.5 sm:flex-nowrap">
            <span title={g.name} className="w-full min-w-0 break-words text-sm sm:w-48 sm:shrink-0 sm:truncate">{g.name}</span>
            <span className="flex h-3 min-w-0 flex-1 overflow-hidden rounded bg-slate-100">
              {HEALTH_ORDER.map((h) => (g.counts[h] ? <span key={h} className={FILL[h]} style={{ width: `${(100 * g.counts[h]!) / g.total}%` }} /> : null))}
            </span>
            <span className="text-right text-sm tabular-nums sm:w-16">{g.total}</span>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-3 text-xs text-slate-600" aria-hidden>
        {HEALTH_ORDER.map((h) => (
          <span key={h} className="flex items-center gap-1"><span className={`inline-block h-2.5 w-2.5 rounded-sm ${FILL[h]}`} /> {HEALTH_LABELS[h]}</span>
        ))}
      </div>
      <details className="mt-3">
        <summary className="cursor-pointer text-sm text-brand-700">Show as a table (with links to the goals)</summary>
        <div className="relative mt-2 overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Goal health by {by}</caption>
            <thead>
              <tr>
                <th scope="col" className="pr-3 text-left">{by === "journey" ? "Journey" : "Department"}</th>
                {HEALTH_ORDER.map((h) => <th key={h} scope="col" className="px-2 text-right">{HEALTH_LABELS[h]}</th>)}
                <th scope="col" className="px-2 text-right">Stale</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.id} className="border-t border-slate-100">
                  <th scope="row" className="pr-3 text-left font-medium">{g.name}</th>
                  {HEALTH_ORDER.map((h) => (
                    <td key={h} className="px-2 text-right tabular-nums">
                      {g.counts[h] ? <Link className={COUNT_LINK} href={hrefFor(h, g.id)}>{g.counts[h]}</Link> : 0}
                    </td>
                  ))}
                  <td className="px-2 text-right tabular-nums">{g.stale ? <Link className={COUNT_LINK} href={hrefFor("stale", g.id)}>{g.stale}</Link> : 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
