import { SidePanel } from "@/components/ui/side-panel";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { formatDateTime } from "@/lib/time-format";
import { removalText, SCALE_LABEL, SOURCE_LABEL } from "./labels";

export type SignalPeriod = 30 | 90 | 365;
const periodLabel = (days: SignalPeriod | null) => (days === null ? "All time" : days === 365 ? "Last 12 months" : `Last ${days} days`);

/** The period a page's `?signals=` asks for: 30, 90 or 365 days; anything else is all time. */
export function signalPeriodOf(raw: string | string[] | undefined): SignalPeriod | null {
  return raw === "30" ? 30 : raw === "90" ? 90 : raw === "365" ? 365 : null;
}

type Latest = {
  id: string;
  source: string;
  receivedAt: Date;
  scale: string | null;
  score: string | null;
  comment: string | null;
  commentRemoved: { at: Date; reason: string } | null;
  channel: string;
  tags: string[];
  followUp: { status: string; reason: string } | null;
};
export type SignalsSummary = {
  total: number;
  negative: number;
  scales: { scale: string; signals: number; average: number | null; nps: number | null }[];
  latest: Latest[];
};

/**
 * A stage's customer signals, compact: counts from the aggregates, the latest few with their
 * comment (or that it was removed, and why), and the forms the viewer may use.
 */
export function SignalsCard({
  summary,
  period = null,
  periodHref,
  timeZone,
  recordForm,
  actionsFor,
}: {
  summary: SignalsSummary;
  /** The days the counts cover (null: all time), and the address of the card for another period. */
  period?: SignalPeriod | null;
  periodHref?: (days: SignalPeriod | null) => string;
  timeZone: string;
  recordForm: ReactNode;
  /** The flag / redact forms for one signal, or null when the viewer may do neither. */
  actionsFor: (s: Latest, which: string) => ReactNode;
}) {
  const scored = summary.scales.filter((s) => s.signals > 0);
  return (
    <Card aria-labelledby="signals" className="mt-6">
      <CardTitle id="signals" description="What customers said about this stage. A negative score opens a follow-up for the owner.">
        Customer signals
      </CardTitle>
      {periodHref ? (
        <nav aria-label="Period of the signals' figures" className="mb-2 flex flex-wrap gap-x-3 gap-y-1 text-sm">
          {([30, 90, 365, null] as const).map((days) =>
            days === period ? (
              <span key={days ?? "all"} aria-current="true" className="font-semibold">{periodLabel(days)}</span>
            ) : (
              <Link key={days ?? "all"} href={periodHref(days)} prefetch={false} scroll={false} className="link">{periodLabel(days)}</Link>
            ),
          )}
        </nav>
      ) : null}
      <p className="text-sm text-slate-700">
        {summary.total === 0
          ? period ? `No signals in the ${periodLabel(period).toLowerCase()}.` : "No signals yet."
          : `${period ? `${periodLabel(period)}: ` : ""}${summary.total} ${summary.total === 1 ? "signal" : "signals"}, ${summary.negative} negative (${Math.round((summary.negative / summary.total) * 100)}%).`}
        {scored.map((s) => (
          <span key={s.scale} className="ml-2">
            {SCALE_LABEL[s.scale]}: {s.scale === "nps" ? `${s.nps ?? 0} (n=${s.signals})` : `${s.average} average (n=${s.signals})`}.
          </span>
        ))}
      </p>
      {summary.latest.length ? (
        <>
          <h3 className="mt-4 text-sm font-semibold text-slate-900">Latest</h3>
          <ul className="mt-2 divide-y divide-slate-200 text-sm" aria-label="Latest signals">
            {summary.latest.map((s) => (
              <li key={s.id} className="py-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{SOURCE_LABEL[s.source] ?? s.source}</span>
                  {s.scale ? <span>{SCALE_LABEL[s.scale]} {Number(s.score)}</span> : <span className="text-slate-600">No score</span>}
                  <span className="text-xs text-slate-600">{formatDateTime(s.receivedAt, timeZone)}{s.channel ? ` · ${s.channel}` : ""}</span>
                  {s.followUp ? <Badge tone={s.followUp.status === "closed" ? "neutral" : "amber"}>Follow-up {s.followUp.status.replace("_", " ")}</Badge> : null}
                  {s.tags.map((t) => <Badge key={t}>{t}</Badge>)}
                </div>
                {s.comment ? <p className="mt-1 whitespace-pre-line break-words text-slate-800">“{s.comment}”</p> : null}
                {s.commentRemoved ? <p className="mt-1 text-xs italic text-slate-600">Comment removed: {removalText(s.commentRemoved.reason)}</p> : null}
                {actionsFor(s, `the ${(SOURCE_LABEL[s.source] ?? s.source).toLowerCase()} signal of ${formatDateTime(s.receivedAt, timeZone)}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {recordForm ? (
        <div className="mt-4">
          <SidePanel label="Record a signal" title="Record a customer signal" description="What a customer said or scored at this stage. A score below the scale's threshold opens a follow-up for the owner.">
            {recordForm}
          </SidePanel>
        </div>
      ) : null}
      {recordForm ? (
        <p className="mt-2 text-sm">
          <a className="link" href="/signals/import">Import signals from a CSV file</a>
        </p>
      ) : null}
    </Card>
  );
}
