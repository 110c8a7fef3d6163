import type { HotSpot } from "@/lib/dashboard/queries";
import { HotSpotsTable } from "./hot-spots-table";
import { Bar } from "./kpi";

/** Department pairs that dispute most, as bars and, for exact names and figures, as a table. */
export function HotSpots({ spots }: { spots: HotSpot[] }) {
  if (!spots.length) return <p className="text-sm text-slate-600">No disputes in this view.</p>;
  const max = spots[0]!.disputes;
  return (
    <div>
      {spots.map((h) => <Bar key={`${h.a}-${h.b}`} label={`${h.a} ↔ ${h.b}`} value={h.disputes} max={max} text={`${h.disputes} (${h.open} open)`} tone="amber" />)}
      <HotSpotsTable spots={spots} />
    </div>
  );
}
