import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { FollowUpDashboard } from "@/lib/follow-ups/queries";
import { plural } from "@/lib/format";

/** The closed loop at a glance: follow-ups not yet closed by stage and department, overdue ones and their age. */
export function FollowUpsCard({ data }: { data: FollowUpDashboard }) {
  return (
    <Card aria-labelledby="follow-ups" className="defer-render mt-6">
      <CardTitle id="follow-ups" description="Negative or flagged customer signals the owning departments have not closed yet, the stages with the most overdue first.">
        Follow-ups of customer signals
      </CardTitle>
      <dl className="grid grid-cols-3 gap-3 text-sm">
        <div><dt className="text-xs text-slate-500">Not closed</dt><dd className="text-lg font-semibold"><Link className="underline" href="/follow-ups">{data.open}</Link></dd></div>
        <div><dt className="text-xs text-slate-500">Overdue</dt><dd className="text-lg font-semibold text-red-700"><Link className="underline" href="/follow-ups?overdue=1">{data.overdue}</Link></dd></div>
        <div><dt className="text-xs text-slate-500">Escalated to the CCO</dt><dd className="text-lg font-semibold">{data.escalated}</dd></div>
      </dl>
      {data.rows.length ? (
        <div className="mt-3">
        <Table caption="Follow-ups not closed by stage and department">
          <thead>
            <tr><Th>Stage</Th><Th>Department</Th><Th>Not closed</Th><Th>Overdue</Th><Th>Oldest</Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.rows.map((r) => (
              <tr key={`${r.stageId}-${r.departmentName ?? ""}`}>
                <Td><Link className="link" href={`/follow-ups?stageId=${r.stageId}`}>{r.stageName}</Link></Td>
                <Td>{r.departmentName ?? "No owner (CCO)"}</Td>
                <Td>{r.open}</Td>
                <Td>{r.overdue ? <span className="font-semibold text-red-700">{r.overdue} overdue</span> : "none"}</Td>
                <Td className="whitespace-nowrap">{plural(r.oldestDays, "day")}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-600">No follow-up is waiting: every negative signal has been closed.</p>
      )}
    </Card>
  );
}
