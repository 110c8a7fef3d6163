import type { Metadata } from "next";
import Link from "next/link";
import { GoalsTable } from "@/components/goals/goals-table";
import { Button } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { listDepartments } from "@/lib/departments/queries";
import { goalFilterSchema, listGoals } from "@/lib/goals/queries";
import { HEALTH_EXPLANATION, HEALTH_LABELS } from "@/lib/goals/rules";
import { listJourneys } from "@/lib/journeys/queries";

export const metadata: Metadata = { title: "Goals" };

const control = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

export default async function GoalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("app.view");
  const filter = goalFilterSchema.parse(await searchParams);
  const [goals, journeys, departments] = await Promise.all([listGoals(filter), listJourneys({ includeArchived: true }), listDepartments()]);
  return (
    <>
      <PageHeader
        title="Goals"
        description="SMART goals on each stage. Progress and health are computed from check-ins, never typed in."
        actions={<Link href="/goals/objectives" className="text-sm font-medium text-brand-700 underline">Strategic objectives</Link>}
      />
      <form method="get" role="search" aria-label="Filter goals" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor="g-j" className="block text-sm font-medium">Journey</label>
          <select id="g-j" name="journeyId" defaultValue={filter.journeyId ?? ""} className={control}>
            <option value="">All journeys</option>
            {journeys.map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="g-d" className="block text-sm font-medium">Department</label>
          <select id="g-d" name="departmentId" defaultValue={filter.departmentId ?? ""} className={control}>
            <option value="">All departments</option>
            {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="g-h" className="block text-sm font-medium">Health</label>
          <select id="g-h" name="health" defaultValue={filter.health ?? ""} className={control}>
            <option value="">Any health</option>
            {Object.entries(HEALTH_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            <option value="stale">Stale (no recent check-in)</option>
          </select>
        </div>
        <div>
          <label htmlFor="g-s" className="block text-sm font-medium">Status</label>
          <select id="g-s" name="status" defaultValue={filter.status} className={control}>
            <option value="open">Open (draft or active)</option>
            <option value="active">Active</option>
            <option value="draft">Draft</option>
            <option value="achieved">Achieved</option>
            <option value="missed">Missed</option>
            <option value="cancelled">Cancelled</option>
            <option value="all">All</option>
          </select>
        </div>
        <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
          <Button type="submit" variant="secondary">Apply filters</Button>
          <Link href="/goals" className="text-sm text-slate-600 underline">Clear</Link>
        </div>
      </form>
      <details className="mb-4 rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <summary className="cursor-pointer font-medium text-brand-700">How progress and health are computed</summary>
        <p className="mt-2 text-slate-700">{HEALTH_EXPLANATION}</p>
      </details>
      <p className="mb-2 text-sm text-slate-600" role="status">{goals.length === 1 ? "1 goal" : `${goals.length} goals`}</p>
      {goals.length ? (
        <GoalsTable goals={goals} caption="Goals" />
      ) : (
        <EmptyState title="No goals match">Goals are set on a stage by its owning department&apos;s head or the CCO: open a stage to add one.</EmptyState>
      )}
    </>
  );
}
