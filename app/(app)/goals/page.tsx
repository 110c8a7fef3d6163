import type { Metadata } from "next";
import Link from "next/link";
import { GoalsTable } from "@/components/goals/goals-table";
import { Button } from "@/components/ui/button";
import { FilterSelect } from "@/components/ui/filter-select";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { PageSummary, Pager } from "@/components/ui/pager";
import { IgnoredFilters } from "@/components/ui/ignored-filters";
import { requireUser } from "@/lib/auth/guard";
import { listDepartments } from "@/lib/departments/queries";
import { goalFilterSchema, listGoalsPage, listObjectiveOptions } from "@/lib/goals/queries";
import { HEALTH_EXPLANATION, HEALTH_LABELS } from "@/lib/goals/rules";
import { listJourneys } from "@/lib/journeys/queries";
import { pagingSchema } from "@/lib/pagination";
import { parseFilters } from "@/lib/validation";

export const metadata: Metadata = { title: "Goals" };

const GOAL_STATUS_OPTIONS = [
  { value: "open", label: "Open (draft or active)" },
  { value: "active", label: "Active" },
  { value: "draft", label: "Draft" },
  { value: "achieved", label: "Achieved" },
  { value: "missed", label: "Missed" },
  { value: "cancelled", label: "Cancelled" },
  { value: "all", label: "All" },
];

export default async function GoalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("app.view");
  const params = await searchParams;
  const { filter, ignored } = parseFilters(goalFilterSchema, params);
  const [page, journeys, departments, objectives] = await Promise.all([
    listGoalsPage({ actor, filter, paging: pagingSchema.parse(params) }),
    listJourneys({ includeArchived: true }),
    listDepartments(),
    listObjectiveOptions(),
  ]);
  // The exports take exactly the list's filters (the status always spelled out: they default to all goals).
  const exportQuery = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
  return (
    <>
      <PageHeader
        title="Goals"
        description="SMART goals on each stage. Progress and health are computed from check-ins, never typed in."
        actions={
          <>
            <Link href="/goals/objectives" className="text-sm font-medium text-brand-700 underline">Strategic objectives</Link>
            <a href={`/api/export/goals.csv?${exportQuery}`} className="text-sm font-medium text-brand-700 underline" download>Goals CSV</a>
            <a href={`/api/export/check-ins.csv?${exportQuery}`} className="text-sm font-medium text-brand-700 underline" download>Check-ins CSV</a>
          </>
        }
      />
      <IgnoredFilters ignored={ignored} />
      <form method="get" role="search" aria-label="Filter goals" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5">
        <FilterSelect id="g-j" name="journeyId" label="Journey" value={filter.journeyId} anyLabel="All journeys" options={journeys.map((j) => ({ value: j.id, label: j.name }))} />
        <FilterSelect id="g-d" name="departmentId" label="Department" value={filter.departmentId} anyLabel="All departments" options={departments.map((d) => ({ value: d.id, label: d.name }))} />
        <FilterSelect id="g-o" name="objectiveId" label="Objective" value={filter.objectiveId} anyLabel="Any objective" options={objectives.map((o) => ({ value: o.id, label: o.archived ? `${o.title} (archived)` : o.title }))} />
        <FilterSelect
          id="g-h"
          name="health"
          label="Health"
          value={filter.health}
          anyLabel="Any health"
          options={[...Object.entries(HEALTH_LABELS).map(([value, label]) => ({ value, label })), { value: "stale", label: "Stale (no recent check-in)" }]}
        />
        <FilterSelect id="g-s" name="status" label="Status" value={filter.status} options={GOAL_STATUS_OPTIONS} />
        <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-5">
          <Button type="submit" variant="secondary">Apply filters</Button>
          <Link href="/goals" className="text-sm text-slate-600 underline">Clear</Link>
        </div>
      </form>
      <details className="mb-4 rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <summary className="cursor-pointer font-medium text-brand-700">How progress and health are computed</summary>
        <p className="mt-2 text-slate-700">{HEALTH_EXPLANATION}</p>
      </details>
      <PageSummary page={page} noun={["goal", "goals"]} />
      {page.rows.length ? (
        <GoalsTable goals={page.rows} caption="Goals" />
      ) : (
        <EmptyState title="No goals match">Goals are set on a stage by its owning department&apos;s head or the CCO: open a stage to add one.</EmptyState>
      )}
      <Pager page={page} path="/goals" query={filter} noun={["goal", "goals"]} />
    </>
  );
}
