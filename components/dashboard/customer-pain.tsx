import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { CardTitle } from "@/components/ui/card";
import type { CustomerPain } from "@/lib/dashboard/pain";
import { plural } from "@/lib/format";

const money = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

/** Where customers hurt, whether anyone owns it, and what is committed there. */
export function CustomerPainCard({ pain, shown = pain.rows.length, more = null }: { pain: CustomerPain; shown?: number; more?: ReactNode }) {
  const max = Math.max(1, ...pain.rows.map((r) => r.negative));
  return (
    <section aria-labelledby="customer-pain" className="card">
      <CardTitle
        id="customer-pain"
        description={`Stages ranked by negative customer signals in the last ${pain.days} days (the negative share × the volume), with their owner and the budget and people stated on their open goals.`}
      >
        Where customers hurt
      </CardTitle>
      {pain.rows.length === 0 ? (
        <p className="text-sm text-slate-600">No negative customer signals in the last {pain.days} days.</p>
      ) : (
        <>
          {pain.gaps ? (
            <p className="mb-3 text-sm font-medium text-red-800">
              <span aria-hidden>⚠ </span>
              {pain.gaps === 1 ? "1 of these stages has" : `${pain.gaps} of these stages have`} no accountable owner or an open dispute.
            </p>
          ) : null}
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-sm">
              <caption className="sr-only">Stages ranked by customer pain</caption>
              <thead>
                <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                  <th scope="col" className="py-2 pr-3">Stage</th>
                  <th scope="col" className="py-2 pr-3">Negative signals</th>
                  <th scope="col" className="py-2 pr-3">Owner</th>
                  <th scope="col" className="py-2 text-right">Committed</th>
                </tr>
              </thead>
              <tbody>
                {pain.rows.slice(0, shown).map((r) => (
                  <tr key={r.stageId} className="pain-row">
                    <th scope="row" className="pain-cell text-left font-normal">
                      <Link href={`/journeys/${r.journeyId}/stages/${r.stageId}`} prefetch={false} className="link-strong">{r.stageName}</Link>
                      <span className="sub">{r.journeyName}</span>
                    </th>
                    <td className="pain-cell">
                      <span className="flex items-center gap-2">
                        <span aria-hidden className="pain-bar" style={{ width: `${Math.max(4, (r.negative / max) * 96)}px` }} />
                        <span className="tabular-nums">{r.negative}</span>
                      </span>
                      <span className="text-xs text-slate-500">{Math.round(r.share * 100)}% of {plural(r.signals, "signal")}</span>
                    </td>
                    <td className="pain-cell">
                      {r.needsOwner ? <Badge tone="red">Needs an owner</Badge> : <span>{r.ownerName}</span>}
                      {r.disputed ? <span className="ml-1"><Badge tone="amber">Disputed</Badge></span> : null}
                    </td>
                    <td className="pain-cell text-right tabular-nums">
                      {r.openGoals ? (
                        <>
                          {money.format(r.budget)} budget · {plural(r.people, "person", "people")}
                          <span className="sub">{plural(r.openGoals, "open goal")}</span>
                        </>
                      ) : (
                        <span className="text-slate-500">No open goals</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {more}
        </>
      )}
    </section>
  );
}
