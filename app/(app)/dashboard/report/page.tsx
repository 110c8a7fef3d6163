import type { Metadata } from "next";
import Link from "next/link";
import { groupHealth, HEALTH_ORDER } from "@/lib/dashboard/health-groups";
import { requireUser } from "@/lib/auth/guard";
import { dashboardFilterSchema, getDashboard } from "@/lib/dashboard/queries";
import { HEALTH_LABELS } from "@/lib/goals/rules";
import { formatDate, formatMonth } from "@/lib/time-format";
import { PrintButton } from "@/components/dashboard/print-button";
import { plural, pluralNoun } from "@/lib/format";

export const metadata: Metadata = { title: "Dashboard report" };
const pct = (n: number, d: number) => (d ? `${Math.round((100 * n) / d)}%` : "—");

/** One printable page: the dashboard's figures as text and tables, no charts to lose in print. */
export default async function ReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("app.view");
  const filter = dashboardFilterSchema.parse(await searchParams);
  const data = await getDashboard(filter);
  const backQuery = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  const stages = data.coverage.reduce((a, c) => a + c.stages, 0);
  const owned = data.coverage.reduce((a, c) => a + c.owned, 0);
  const byJourney = groupHealth(data.health, "journey");
  const ds = data.disputeStats;
  return (
    <article className="mx-auto max-w-4xl bg-white p-4 text-sm sm:p-6 print:p-0 print:text-[11px]">
      <div className="no-print mb-4 flex gap-3">
        <PrintButton />
        <Link href={`/dashboard${backQuery ? `?${backQuery}` : ""}`} className="link">Back to the dashboard</Link>
      </div>
      <h1 className="text-xl font-semibold">Customer journey governance report — {formatDate(data.today)}</h1>
      <p className="text-slate-600">{filter.journeyId || filter.departmentId ? "Filtered view." : "All journeys and departments."}</p>
      <h2 className="mt-4 font-semibold">Ownership</h2>
      <p>Coverage {pct(owned, stages)}: {owned} of {plural(stages, "live stage")} {pluralNoun(owned, "has", "have")} an active accountable owner; {stages - owned} {pluralNoun(stages - owned, "needs", "need")} one.</p>
      <div className="relative mt-1 overflow-x-auto print:overflow-visible">
      <table className="w-full [&_td]:px-1.5 [&_td]:align-top [&_th]:px-1.5 [&_th]:align-bottom">
        <caption className="sr-only">Coverage by journey</caption>
        <thead><tr><th scope="col" className="text-left">Journey</th><th scope="col" className="text-right">Stages</th><th scope="col" className="text-right">Owned</th><th scope="col" className="text-right">Coverage</th></tr></thead>
        <tbody>{data.coverage.map((c) => <tr key={c.journeyId}><td>{c.journeyName}</td><td className="text-right">{c.stages}</td><td className="text-right">{c.owned}</td><td className="text-right">{pct(c.owned, c.stages)}</td></tr>)}</tbody>
      </table>
      </div>
      {data.needsOwner.length ? <p className="mt-1">Longest without an owner: {data.needsOwner.slice(0, 5).map((s) => `${s.stageName} (${s.journeyName}, ${s.sinceDays} d)`).join("; ")}.</p> : null}
      <h2 className="mt-4 font-semibold">Goal health</h2>
      <div className="relative overflow-x-auto print:overflow-visible">
      <table className="w-full [&_td]:px-1.5 [&_td]:align-top [&_th]:px-1.5 [&_th]:align-bottom">
        <caption className="sr-only">Goal health by journey</caption>
        <thead><tr><th scope="col" className="text-left">Journey</th>{HEALTH_ORDER.map((h) => <th key={h} scope="col" className="text-right">{HEALTH_LABELS[h]}</th>)}<th scope="col" className="text-right">Stale</th></tr></thead>
        <tbody>{byJourney.map((g) => <tr key={g.id}><td>{g.name}</td>{HEALTH_ORDER.map((h) => <td key={h} className="text-right">{g.counts[h] ?? 0}</td>)}<td className="text-right">{g.stale}</td></tr>)}</tbody>
      </table>
      </div>
      <h2 className="mt-4 font-semibold">Consistency</h2>
      <ul>{data.consistency.map((c) => <li key={c.journeyId}>{c.journeyName}: {Math.round(c.spread * 100)} points between {c.bestStage} ({Math.round(c.best * 100)}%) and {c.worstStage} ({Math.round(c.worst * 100)}%).</li>)}</ul>
      <h2 className="mt-4 font-semibold">Disputes</h2>
      <p>{ds.open} open, {ds.underReview} under review, {ds.overdue} past the {data.disputeSlaDays}-day service level. Median time to decision {ds.medianDaysToDecision === null ? "—" : `${ds.medianDaysToDecision.toFixed(1)} days`} ({ds.decided12m} decided in 12 months).</p>
      {data.hotSpots.length ? <p>Hot spots: {data.hotSpots.map((h) => `${h.a} ↔ ${h.b} (${h.disputes})`).join("; ")}.</p> : null}
      <h2 className="mt-4 font-semibold">Last 12 months</h2>
      <p>{data.trends.map((t) => `${formatMonth(t.month)}: ${plural(t.ownershipChanges, "change")}, ${plural(t.decisions, "decision")}${t.coverage === null ? "" : `, ${Math.round(t.coverage * 100)}% covered`}`).join(" · ")}</p>
    </article>
  );
}
