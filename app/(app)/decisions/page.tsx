import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FilterSelect, filterControl } from "@/components/ui/filter-select";
import { IgnoredFilters } from "@/components/ui/ignored-filters";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { PageSummary, Pager } from "@/components/ui/pager";
import { requireUser } from "@/lib/auth/guard";
import { listDepartments } from "@/lib/departments/queries";
import { listDecisions } from "@/lib/disputes/queries";
import { DISPUTE_KIND_LABELS } from "@/lib/disputes/rules";
import { decisionLogFilterSchema } from "@/lib/disputes/schemas";
import { listStageOptions } from "@/lib/journeys/queries";
import { getTimeZone } from "@/lib/settings";
import { formatDate } from "@/lib/time-format";
import { pagingSchema } from "@/lib/pagination";
import { parseFilters } from "@/lib/validation";

export const metadata: Metadata = { title: "Decisions" };
const control = filterControl;

export default async function DecisionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("app.view");
  const params = await searchParams;
  const { filter, ignored } = parseFilters(decisionLogFilterSchema, params);
  const [page, departments, stages, timeZone] = await Promise.all([listDecisions({ actor, filter, paging: pagingSchema.parse(params) }), listDepartments(), listStageOptions(), getTimeZone()]);
  const rows = page.rows;
  const filtered = Object.values(filter).some(Boolean);
  const exportQuery = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
  return (
    <>
      <PageHeader
        title="Decision log"
        description="Every decision that closed a dispute: what was decided, why, and what it changed. Decisions are immutable; a later one may supersede an earlier one."
        actions={<a href={`/api/export/decisions.csv${exportQuery ? `?${exportQuery}` : ""}`} className="text-sm font-medium text-brand-700 underline" download>Decisions CSV</a>}
      />
      <IgnoredFilters ignored={ignored} labels={{ q: "Search", stageId: "Stage", departmentId: "Department", kind: "Kind", from: "Decided from", to: "Decided to" }} />
      <form method="get" role="search" aria-label="Search decisions" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3">
        <div className="lg:col-span-3">
          <label htmlFor="l-q" className="block text-sm font-medium">Search</label>
          <input id="l-q" name="q" type="search" defaultValue={filter.q ?? ""} placeholder="Words in the outcome, rationale or dispute" className={control} />
        </div>
        <FilterSelect id="l-s" name="stageId" label="Stage" value={filter.stageId} anyLabel="Any stage" options={stages.map((s) => ({ value: s.id, label: s.label }))} />
        <FilterSelect id="l-d" name="departmentId" label="Department involved" value={filter.departmentId} anyLabel="Any department" options={departments.map((d) => ({ value: d.id, label: d.name }))} />
        <FilterSelect id="l-k" name="kind" label="Kind" value={filter.kind} anyLabel="Any kind" options={Object.entries(DISPUTE_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        <div>
          <label htmlFor="l-f" className="block text-sm font-medium">Decided from ({timeZone})</label>
          <input id="l-f" name="from" type="date" defaultValue={filter.from ?? ""} className={control} />
        </div>
        <div>
          <label htmlFor="l-t" className="block text-sm font-medium">Decided to ({timeZone}, inclusive)</label>
          <input id="l-t" name="to" type="date" defaultValue={filter.to ?? ""} className={control} />
        </div>
        <div className="flex items-end gap-3">
          <Button type="submit" variant="secondary">Search</Button>
          <Link href="/decisions" className="text-sm text-slate-600 underline">Clear</Link>
        </div>
      </form>
      <PageSummary page={page} noun={["decision", "decisions"]} />
      {rows.length === 0 ? (
        <EmptyState title={filtered ? "No decisions match" : "No decisions yet"}>Decisions appear here when the CCO closes a dispute.</EmptyState>
      ) : (
        <ol className="space-y-3" aria-label="Decisions, newest first">
          {rows.map((d) => (
            <li key={d.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold">{d.outcome}</h2>
                <span className="text-xs text-slate-600">{formatDate(d.decidedAt, timeZone)} · {d.decidedByName}</span>
              </div>
              <p className="mt-1 text-sm text-slate-700">{d.rationale}</p>
              <p className="mt-2 text-xs text-slate-600">
                Dispute <Link href={`/disputes/${d.disputeId}`} className="link">{d.disputeTitle}</Link> · {d.kind} · parties {d.parties.join(", ")}
                {d.stageName && d.journeyId ? <> · stage <Link href={`/journeys/${d.journeyId}/stages/${d.stageId}`} className="link">{d.stageName}</Link></> : null}
                {d.effectSummary ? ` · effect: ${d.effectSummary}` : ""}
                {d.supersededById ? " · superseded by a later decision" : ""}
                {d.supersedesId ? " · supersedes an earlier decision" : ""}
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pager page={page} path="/decisions" query={filter} noun={["decision", "decisions"]} />
    </>
  );
}
