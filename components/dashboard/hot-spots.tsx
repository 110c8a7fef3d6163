import type { HotSpot } from "@/lib/dashboard/queries";
import { Bar } from "./kpi";

/** Department pairs that dispute most, as bars and, for exact names and figures, as a table. */
export function HotSpots({ spots }: { spots: HotSpot[] }) {
  if (!spots.length) return <p className="text-sm text-slate-600">No disputes in this view.</p>;
  const max = spots[0]!.disputes;
  return (
    <div>
      {spots.map((h) => <Bar key={`${h.a}-${h.b}`} label={`${h.a} ↔ ${h.b}`} value={h.disputes} max={max} text={`${h.disputes} (${h.open} open)`} tone="amber" />)}
      <details className="mt-2">
        <summary className="cursor-pointer text-sm text-brand-700">Show as a table</summary>
        <div className="relative mt-2 overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Department pairs by number of disputes</caption>
            <thead>
              <tr><th scope="col" className="pr-2 text-left">Department</th><th scope="col" className="pr-2 text-left">With</th><th scope="col" className="px-1 text-right">Disputes</th><th scope="col" className="pl-1 text-right">Open</th></tr>
            </thead>
            <tbody>
              {spots.map((h) => (
                <tr key={`${h.a}-${h.b}`} className="border-t border-slate-100">
                  <td className="break-words pr-2">{h.a}</td><td className="break-words pr-2">{h.b}</td><td className="px-1 text-right tabular-nums">{h.disputes}</td><td className="pl-1 text-right tabular-nums">{h.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
