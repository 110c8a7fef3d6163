import type { HandoffEntry, HistoryEntry } from "@/lib/journeys/queries";
import { formatDate, formatDateTime } from "@/lib/time-format";
import { RACI_LABEL, SOURCE_LABELS } from "./labels";

export function OwnershipHistory({ history, timeZone }: { history: HistoryEntry[]; timeZone: string }) {
  if (!history.length) return <p className="text-sm text-slate-600">Nobody has owned this stage yet.</p>;
  return (
    <ol className="relative space-y-4 border-l-2 border-slate-200 pl-5" aria-label="Ownership history, newest first">
      {history.map((h) => (
        <li key={h.id} className="relative">
          <span aria-hidden className={`absolute -left-[27px] top-1 h-3 w-3 rounded-full ${h.validTo ? "bg-slate-300" : "bg-brand-600"}`} />
          <p className="text-sm">
            <span className="font-semibold">{RACI_LABEL[h.raci]}: {h.departmentName}</span>
            {h.personName ? ` · ${h.personName}` : ""}
            {h.validTo ? "" : <span className="ml-2 rounded bg-brand-50 px-1.5 text-xs font-medium text-brand-800">current</span>}
          </p>
          <p className="text-xs text-slate-600">
            {formatDate(h.validFrom, timeZone)} → {h.validTo ? formatDate(h.validTo, timeZone) : "now"} · {SOURCE_LABELS[h.source]}
            {h.byName ? ` by ${h.byName}` : ""} · <time dateTime={h.validFrom.toISOString()}>{formatDateTime(h.validFrom, timeZone)}</time>
          </p>
          {h.reason ? <p className="text-sm italic text-slate-700">“{h.reason}”</p> : null}
          {h.decision ? (
            <p className="text-sm">
              <a className="text-brand-700 underline" href={`/disputes/${h.decision.disputeId}#decision`}>Decision: {h.decision.outcome}</a>
              {" · "}
              <a className="text-brand-700 underline" href={`/disputes/${h.decision.disputeId}`}>Dispute: {h.decision.disputeTitle}</a>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function HandoffHistory({ handoffs, stageId, canDispute, timeZone }: { handoffs: HandoffEntry[]; stageId: string; canDispute: boolean; timeZone: string }) {
  if (!handoffs.length) return <p className="text-sm text-slate-600">No handoffs yet.</p>;
  return (
    <ul className="space-y-3">
      {handoffs.map((h) => (
        <li key={h.id} className="rounded-md border border-slate-200 p-3 text-sm">
          <p>
            <span className="font-medium">{h.fromDepartmentName} → {h.toDepartmentName}</span> · <span className="uppercase tracking-wide text-xs font-semibold">{h.status}</span>
            {h.forced ? " (forced by the CCO)" : ""}
          </p>
          <p className="text-xs text-slate-600">
            Offered by {h.proposedByName} on {formatDate(h.proposedAt, timeZone)}; open goals would {h.goalDisposition === "move" ? "move with the stage" : "be retired"}.
            {h.respondedAt ? ` ${h.status === "pending" ? "" : `Closed ${formatDate(h.respondedAt, timeZone)}${h.respondedByName ? ` by ${h.respondedByName}` : ""}.`}` : ""}
          </p>
          <p className="italic text-slate-700">“{h.note}”</p>
          {h.responseReason ? <p className="text-slate-700">Answer: {h.responseReason}</p> : null}
          <HandoffDispute handoff={h} stageId={stageId} canDispute={canDispute} />
        </li>
      ))}
    </ul>
  );
}

/** A declined handoff may be disputed once: while its dispute runs, or after it is decided, the entry links to it instead. */
function HandoffDispute({ handoff: h, stageId, canDispute }: { handoff: HandoffEntry; stageId: string; canDispute: boolean }) {
  const linkClass = "mt-1 inline-block text-sm font-medium text-brand-700 underline";
  if (h.dispute?.status === "decided") return <a className={linkClass} href={`/disputes/${h.dispute.id}#decision`}>The dispute about this handoff was decided: see the decision</a>;
  if (h.dispute?.status === "open" || h.dispute?.status === "under_review") return <a className={linkClass} href={`/disputes/${h.dispute.id}`}>A dispute about this handoff is in progress</a>;
  if (h.status !== "declined" || !canDispute) return null;
  return <a className={linkClass} href={`/disputes/new?kind=handoff&stageId=${stageId}&handoffId=${h.id}`}>Raise a handoff dispute</a>;
}
