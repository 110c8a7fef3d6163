import Link from "next/link";
import type { PendingHandoff } from "@/lib/journeys/queries";

export function HandoffInbox({ handoffs }: { handoffs: PendingHandoff[] }) {
  return (
    <section aria-labelledby="handoff-inbox" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h2 id="handoff-inbox" className="font-semibold text-amber-950">Pending handoffs</h2>
      <ul className="mt-2 space-y-2 text-sm">
        {handoffs.map((h) => (
          <li key={h.id}>
            <Link href={`/journeys/${h.journeyId}/stages/${h.stageId}`} className="font-medium text-brand-800 underline">
              {h.stageName}
            </Link>{" "}
            <span className="text-slate-700">
              ({h.journeyName}): {h.fromDepartmentName} → {h.toDepartmentName}
              {h.incoming ? " · waiting for your answer" : " · waiting for the receiver"}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
