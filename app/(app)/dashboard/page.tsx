import type { Metadata } from "next";
import Link from "next/link";
import { CustomerPainCard } from "@/components/dashboard/customer-pain";
import { DepartmentHeatmap } from "@/components/dashboard/department-heatmap";
import { DepartmentJourneyMap, StageDepartmentMap } from "@/components/dashboard/department-map";
import { HealthBreakdown } from "@/components/dashboard/health-breakdown";
import { groupHealth } from "@/lib/dashboard/health-groups";
import { HotSpots } from "@/components/dashboard/hot-spots";
import { Bar, Kpi } from "@/components/dashboard/kpi";
import { TrendChart } from "@/components/dashboard/trend-chart";
import { HealthBadge } from "@/components/goals/health-badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { IgnoredFilters } from "@/components/ui/ignored-filters";
import { filterControl } from "@/components/ui/filter-select";
import { Options } from "@/components/ui/options";
import { requireUser } from "@/lib/auth/guard";
import { heatmapData } from "@/lib/dashboard/heatmap";
import { currentDashboard } from "@/lib/dashboard/cache";
import { customerPain } from "@/lib/dashboard/pain";
import { dashboardViewSchema, type DashboardList } from "@/lib/dashboard/queries";
import { listPendingHandoffs } from "@/lib/journeys/queries";
import { FollowUpsCard } from "@/components/dashboard/follow-ups-card";
import { mayHeadDepartment, watchesAllFollowUps } from "@/lib/permissions";
import { formatDate, formatDateTime } from "@/lib/time-format";
import { plural, pluralNoun } from "@/lib/format";
import { parseFilters } from "@/lib/validation";

export const metadata: Metadata = { title: "Dashboard" };
const pct = (n: number, d: number) => (d ? Math.round((100 * n) / d) : 0);

// A large company's dashboard shows the first rows of each long list (the ones needing
// attention first) and links to the whole list on this page; a matrix wider than this many
// journeys is drawn as a heat map, its table one link away.
const FIRST_ROWS = 8;
const MATRIX_TABLE_MAX_JOURNEYS = 12;

/** "Show all 50 journeys" / "Show the first 10": the same dashboard with one list shown in full. */
function ShowAll({ list, shown, total, noun, anchor, qs }: { list: DashboardList; shown: boolean; total: number; noun: string; anchor: string; qs: URLSearchParams }) {
  if (!shown && total <= FIRST_ROWS) return null;
  const q = new URLSearchParams(qs);
  if (!shown) q.set("show", list);
  const href = `/dashboard${q.size ? `?${q}` : ""}#${anchor}`;
  return (
    <p className="mt-2 text-sm">
      <Link prefetch={false} scroll={false} href={href} className="link-strong">
        {shown ? `Show the first ${FIRST_ROWS}` : `Show all ${plural(total, noun)}`}
      </Link>
    </p>
  );
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("app.view");
  const { filter: view, ignored } = parseFilters(dashboardViewSchema, await searchParams);
  const { show, ...filter } = view;
  // A head sees the offers made to their department here too, not only under Journeys.
  const heads = mayHeadDepartment(actor.role);
  const [{ figures: data, computedAt, timeZone, followUps }, pending] = await Promise.all([
    currentDashboard(filter, undefined, { followUps: watchesAllFollowUps(actor.role) }),
    heads ? listPendingHandoffs(actor) : [],
  ]);
  const { journeyOptions: journeys, departmentOptions: departments } = data;
  const pain = await customerPain(filter, timeZone);
  const waiting = pending.filter((h) => h.incoming);
  const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  const qs = q.toString() ? `?${q}` : "";
  const stages = data.coverage.reduce((a, c) => a + c.stages, 0);
  const owned = data.coverage.reduce((a, c) => a + c.owned, 0);
  const offTrack = data.health.filter((h) => h.health === "off_track" || h.health === "overdue").reduce((a, h) => a + h.goals, 0);
  const activeGoals = data.health.reduce((a, h) => a + h.goals, 0);
  const ds = data.disputeStats;
  const first = <T,>(rows: T[], list: DashboardList) => (show === list ? rows : rows.slice(0, FIRST_ROWS));
  // The journeys least covered first: the ones an executive acts on.
  const coverage = [...data.coverage].sort((a, b) => a.owned / a.stages - b.owned / b.stages || a.journeyName.localeCompare(b.journeyName));
  const healthByJourney = groupHealth(data.health, "journey", "worst");
  const healthByDepartment = groupHealth(data.health, "department", "worst");
  const matrixJourneys = new Set(data.matrix.map((c) => c.journeyId)).size;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Is the customer's journey owned, is it going well, and where are departments disagreeing?"
        actions={
          <>
            <Link href={`/dashboard/report${qs}`} className="link text-sm font-medium">Printable report</Link>
            <a href={`/api/export/raci.csv${qs}`} className="link text-sm font-medium" download>RACI CSV</a>
            <a href={`/api/export/goals.csv${qs}`} className="link text-sm font-medium" download>Goals CSV</a>
            <a href={`/api/export/check-ins.csv${qs}`} className="link text-sm font-medium" download>Check-ins CSV</a>
            <a href={`/api/export/decisions.csv`} className="link text-sm font-medium" download>Decisions CSV</a>
          </>
        }
      />
      <IgnoredFilters ignored={ignored} />
      <p className="-mt-4 mb-4 text-xs text-slate-600">Figures as of {formatDateTime(computedAt, timeZone)} ({timeZone}): they follow every change and are never more than a minute old.</p>
      <form method="get" aria-label="Filter the dashboard" className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4">
        <div className="min-w-56">
          <label htmlFor="f-journey" className="block text-sm font-medium">Journey</label>
          <select id="f-journey" name="journeyId" defaultValue={filter.journeyId ?? ""} className={filterControl}>
            <option value="">All journeys</option>
            <Options items={journeys.map((j) => [j.id, j.name])} />
          </select>
        </div>
        <div className="min-w-56">
          <label htmlFor="f-dep" className="block text-sm font-medium">Department</label>
          <select id="f-dep" name="departmentId" defaultValue={filter.departmentId ?? ""} className={filterControl}>
            <option value="">All departments</option>
            <Options items={departments.map((d) => [d.id, d.name])} />
          </select>
        </div>
        <Button type="submit" variant="secondary">Apply</Button>
        {qs ? <Link href="/dashboard" className="text-sm text-slate-600 underline">Clear</Link> : null}
      </form>
      {/* A plain GET form: the browser downloads the file, no JavaScript needed. */}
      <form method="get" action="/api/export/ownership.csv" aria-label="Download who owned each stage on a day" className="-mt-3 mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4">
        <div>
          <label htmlFor="f-own-date" className="block text-sm font-medium">Who was accountable for each stage on (a day in the company's time zone)</label>
          <input id="f-own-date" name="date" type="date" required max={data.today} defaultValue={data.today} className={filterControl} />
        </div>
        {filter.journeyId ? <input type="hidden" name="journeyId" value={filter.journeyId} /> : null}
        {filter.departmentId ? <input type="hidden" name="departmentId" value={filter.departmentId} /> : null}
        <Button type="submit" variant="secondary">Ownership CSV</Button>
      </form>

      {waiting.length ? (
        <section aria-labelledby="waiting-handoffs" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <h2 id="waiting-handoffs" className="font-semibold text-amber-950">Handoffs waiting for your answer</h2>
          <ul className="mt-2 space-y-2 text-sm">
            {waiting.map((h) => {
              const href = `/journeys/${h.journeyId}/stages/${h.stageId}#pending`;
              return (
                <li key={h.id}>
                  <span className="font-medium">{h.stageName}</span>{" "}
                  <span className="text-slate-700">({h.journeyName}): {h.fromDepartmentName} → {h.toDepartmentName}, offered {formatDate(h.proposedAt, timeZone)}</span>{" "}
                  <Link href={href} className="font-medium text-brand-800 underline" aria-label={`Accept ${h.stageName}`}>Accept</Link>{" · "}
                  <Link href={href} className="font-medium text-brand-800 underline" aria-label={`Decline ${h.stageName}`}>Decline</Link>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      <section aria-label="Headline figures" className="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Kpi label="Ownership coverage" value={`${pct(owned, stages)}%`} detail={`${owned} of ${plural(stages, "stage")} ${pluralNoun(owned, "has", "have")} an active owner`} href="#coverage" tone={owned === stages ? "good" : "neutral"} />
        <Kpi label="Stages needing an owner" value={stages - owned} detail="Unowned or orphaned" href="#needs-owner" tone={stages > owned ? "bad" : "good"} />
        <Kpi label="Goals off track or overdue" value={offTrack} detail={`of ${plural(activeGoals, "active goal")}`} href={`/goals?health=off_track${filter.journeyId ? `&journeyId=${filter.journeyId}` : ""}${filter.departmentId ? `&departmentId=${filter.departmentId}` : ""}`} tone={offTrack ? "bad" : "good"} />
        <Kpi label="Open disputes" value={ds.open + ds.underReview} detail={`${ds.overdue} past the ${data.disputeSlaDays}-day service level`} href={`/disputes${filter.departmentId ? `?departmentId=${filter.departmentId}` : ""}`} tone={ds.overdue ? "bad" : "neutral"} />
        <Kpi label="Median time to decision" value={ds.medianDaysToDecision === null ? "—" : `${ds.medianDaysToDecision.toFixed(1)} d`} detail={`${ds.decided12m} decided in 12 months`} href="/decisions" />
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="coverage" className="defer-render">
          <CardTitle id="coverage" description="Share of live stages whose accountable owner is an active person in a current department.">Ownership coverage by journey</CardTitle>
          {first(coverage, "coverage").map((c) => (
            <Bar key={c.journeyId} label={c.journeyName} value={c.owned} max={c.stages} text={`${pct(c.owned, c.stages)}% (${c.owned}/${c.stages})`} href={`/journeys/${c.journeyId}`} tone={c.owned === c.stages ? "green" : "brand"} />
          ))}
          {!data.coverage.length ? <p className="text-sm text-slate-600">No stages in this view.</p> : null}
          <ShowAll list="coverage" shown={show === "coverage"} total={coverage.length} noun="journey" anchor="coverage" qs={q} />
        </Card>
        <Card aria-labelledby="needs-owner" className="defer-render">
          <CardTitle id="needs-owner" description="Unowned stages and stages whose owner was deactivated or whose department was archived.">Stages needing an owner</CardTitle>
          {data.needsOwner.length ? (
            <div className="relative overflow-x-auto">
            <table className="min-w-full text-sm">
              <caption className="sr-only">Stages needing an owner, longest first</caption>
              <thead><tr><th scope="col" className="pr-3 text-left">Stage</th><th scope="col" className="pr-3 text-left">Why</th><th scope="col" className="text-right">Without owner</th></tr></thead>
              <tbody>
                {first(data.needsOwner, "needs-owner").map((s) => (
                  <tr key={s.stageId} className="row-t">
                    <td className="py-1 pr-3"><Link prefetch={false} className="link" href={`/journeys/${s.journeyId}/stages/${s.stageId}`}>{s.stageName}</Link> <span className="sub">{s.journeyName}</span></td>
                    <td className="py-1 pr-3">{s.reason === "unowned" ? "No owner" : s.reason === "owner_inactive" ? "Owner deactivated" : "Department archived"}</td>
                    <td className="num-cell">{plural(s.sinceDays, "day")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          ) : (
            <p className="text-sm text-emerald-800">Every stage in this view has an active owner.</p>
          )}
          {/* The card lists the longest-waiting stages (a fixed number); it says so when there are more. */}
          <ShowAll list="needs-owner" shown={show === "needs-owner"} total={data.needsOwner.length} noun="stage" anchor="needs-owner" qs={q} />
          {data.needsOwner.length && data.needsOwner.length < stages - owned ? (
            <p className="mt-2 text-xs text-slate-600">The {data.needsOwner.length} longest without an owner, of {stages - owned}; each journey&apos;s board flags the rest.</p>
          ) : null}
        </Card>
      </div>

      <Card aria-labelledby="map" className="defer-render mt-6">
        <CardTitle id="map" description="The functional organisation against the customer's path: how many stages each department is accountable (A) or responsible (R) for.">Who owns what across journeys</CardTitle>
        {filter.journeyId ? (
          <StageDepartmentMap rows={data.stageMatrix} departments={departments} />
        ) : matrixJourneys > MATRIX_TABLE_MAX_JOURNEYS && show !== "matrix" ? (
          <>
            <DepartmentHeatmap data={heatmapData(data.matrix)} />
            <p className="mt-2 text-sm"><Link prefetch={false} scroll={false} href={`/dashboard?${new URLSearchParams([...q, ["show", "matrix"]])}#map`} className="link-strong">Show as a table (every count)</Link></p>
          </>
        ) : (
          <>
            <DepartmentJourneyMap cells={data.matrix} />
            {matrixJourneys > MATRIX_TABLE_MAX_JOURNEYS ? <p className="mt-2 text-sm"><Link prefetch={false} scroll={false} href={`/dashboard${qs}#map`} className="link-strong">Show as a heat map</Link></p> : null}
          </>
        )}
      </Card>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="health-j" className="defer-render">
          <CardTitle id="health-j" description="The journeys with the largest share of goals off track or overdue first.">Goal health by journey</CardTitle>
          <HealthBreakdown groups={first(healthByJourney, "health")} by="journey" scope={filter} />
          <ShowAll list="health" shown={show === "health"} total={healthByJourney.length} noun="journey" anchor="health-j" qs={q} />
        </Card>
        <Card aria-labelledby="health-d" className="defer-render">
          <CardTitle id="health-d" description="The departments with the largest share of goals off track or overdue first.">Goal health by department</CardTitle>
          <HealthBreakdown groups={first(healthByDepartment, "health-departments")} by="department" scope={filter} />
          <ShowAll list="health-departments" shown={show === "health-departments"} total={healthByDepartment.length} noun="department" anchor="health-d" qs={q} />
        </Card>
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="attention" className="defer-render">
          <CardTitle id="attention" description="Off track, overdue or without a recent check-in.">Goals needing attention</CardTitle>
          {data.attention.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {first(data.attention, "attention").map((g) => (
                <li key={g.id} className="list-row">
                  <span><Link prefetch={false} href={`/goals/${g.id}`} className="link-strong">{g.title}</Link> <span className="text-xs text-slate-600">{g.stageName} · {g.departmentName} · due {formatDate(g.dueDate)}</span></span>
                  <span className="flex gap-1"><HealthBadge health={g.health} />{g.stale ? <span className="text-xs text-amber-800">stale</span> : null}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-emerald-800">Nothing needs attention.</p>
          )}
          <ShowAll list="attention" shown={show === "attention"} total={data.attention.length} noun="goal" anchor="attention" qs={q} />
        </Card>
        <Card aria-labelledby="consistency" className="defer-render">
          <CardTitle id="consistency" description="Spread of goal attainment (progress, 0–100%) between each journey's best and worst measured stage. A wide spread means uneven service along the journey.">Consistency across the journey</CardTitle>
          {data.consistency.length ? (
            first(data.consistency, "consistency").map((c) => (
              <div key={c.journeyId} className="mb-2">
                <Bar label={c.journeyName} value={c.spread} max={1} text={`${plural(Math.round(c.spread * 100), "pt")} spread`} tone={c.spread > 0.5 ? "red" : c.spread > 0.25 ? "amber" : "green"} href={`/journeys/${c.journeyId}`} />
                <p className="ml-1 text-xs text-slate-600">Best: {c.bestStage} ({Math.round(c.best * 100)}%) · worst: {c.worstStage} ({Math.round(c.worst * 100)}%) · {plural(c.stagesMeasured, "stage")} measured</p>
              </div>
            ))
          ) : (
            <p className="text-sm text-slate-600">No stage has measured goals yet.</p>
          )}
          <ShowAll list="consistency" shown={show === "consistency"} total={data.consistency.length} noun="journey" anchor="consistency" qs={q} />
        </Card>
      </div>

      <div className="defer-render mt-6">
        <CustomerPainCard
          pain={pain}
          shown={show === "pain" ? pain.rows.length : FIRST_ROWS}
          more={<ShowAll list="pain" shown={show === "pain"} total={pain.rows.length} noun="stage" anchor="customer-pain" qs={q} />}
        />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="disputes" className="defer-render">
          <CardTitle id="disputes" description={`Against the ${data.disputeSlaDays}-day service level.`}>Disputes</CardTitle>
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
            <div><dt className="text-xs text-slate-500">Open</dt><dd className="text-lg font-semibold"><Link className="underline" href="/disputes?status=open">{ds.open}</Link></dd></div>
            <div><dt className="text-xs text-slate-500">Under review</dt><dd className="text-lg font-semibold"><Link className="underline" href="/disputes?status=under_review">{ds.underReview}</Link></dd></div>
            <div><dt className="text-xs text-slate-500">Within service level</dt><dd className="text-lg font-semibold">{ds.withinSla}</dd></div>
            <div><dt className="text-xs text-slate-500">Overdue</dt><dd className="text-lg font-semibold text-red-700">{ds.overdue}</dd><dd className="text-xs text-slate-600">{ds.overdueOver7} more than 7 days late</dd></div>
          </dl>
          <p className="mt-2 text-xs text-slate-600">Oldest open: {ds.oldestOpenDays === null ? "none" : plural(Math.floor(ds.oldestOpenDays), "day")}.</p>
          <h3 className="mt-4 text-sm font-semibold">Hot spots: department pairs that dispute most</h3>
          <HotSpots spots={data.hotSpots} />
        </Card>
        <Card aria-labelledby="trends" className="defer-render">
          <CardTitle id="trends">Trends over 12 months</CardTitle>
          <TrendChart rows={data.trends} />
        </Card>
      </div>
      {followUps ? <FollowUpsCard data={followUps} /> : null}
    </>
  );
}
