"use client";

import Link from "next/link";
import { LazyDetails } from "@/components/ui/lazy-details";

export type HealthTableRow = { id: string; name: string; counts: Partial<Record<string, number>>; stale: number };
export type HealthTableScope = { journeyId?: string; departmentId?: string };

// Counts are links: give each at least a 24×24 px target (WCAG 2.2 target size).
const COUNT_LINK = "inline-block min-h-6 min-w-6 text-center leading-6 text-brand-700 underline";

/** The goals list behind one count: that health (or stale) in that journey or department, within the dashboard's filter. */
function goalsHref(health: string, id: string, by: "journey" | "department", scope: HealthTableScope): string {
  const p = new URLSearchParams({ health, status: "all" });
  if (by === "journey") p.set("journeyId", id);
  else p.set("departmentId", id);
  if (scope.journeyId && by !== "journey") p.set("journeyId", scope.journeyId);
  if (scope.departmentId && by !== "department") p.set("departmentId", scope.departmentId);
  return `/goals?${p}`;
}

/**
 * "Show as a table": the counts behind the stacked bars, each a link to its goals, built only
 * once the disclosure is opened (hundreds of hidden cells and links stay out of the HTML).
 */
export function HealthTable({ rows, by, columns, scope }: { rows: HealthTableRow[]; by: "journey" | "department"; columns: { health: string; label: string }[]; scope: HealthTableScope }) {
  return (
    <LazyDetails className="mt-3" summary="Show as a table (with links to the goals)">
      {() => (
        <div className="mt-2 overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Goal health by {by}</caption>
            <thead>
              <tr>
                <th scope="col" className="pr-3 text-left">{by === "journey" ? "Journey" : "Department"}</th>
                {columns.map((c) => <th key={c.health} scope="col" className="px-2 text-right">{c.label}</th>)}
                <th scope="col" className="px-2 text-right">Stale</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => (
                <tr key={g.id} className="border-t border-slate-100">
                  <th scope="row" className="pr-3 text-left font-medium">{g.name}</th>
                  {columns.map(({ health: h }) => (
                    <td key={h} className="px-2 text-right tabular-nums">
                      {g.counts[h] ? <Link prefetch={false} className={COUNT_LINK} href={goalsHref(h, g.id, by, scope)}>{g.counts[h]}</Link> : 0}
                    </td>
                  ))}
                  <td className="px-2 text-right tabular-nums">{g.stale ? <Link prefetch={false} className={COUNT_LINK} href={goalsHref("stale", g.id, by, scope)}>{g.stale}</Link> : 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </LazyDetails>
  );
}
