import type { Metadata } from "next";
import Link from "next/link";
import { FollowUpStatusBadge, scoreText } from "@/components/follow-ups/labels";
import { Button, LinkButton } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { FilterSelect } from "@/components/ui/filter-select";
import { IgnoredFilters } from "@/components/ui/ignored-filters";
import { PageSummary, Pager } from "@/components/ui/pager";
import { Table, Td, Th } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/guard";
import { listDepartments } from "@/lib/departments/queries";
import { followUpStageOptions, listFollowUpsPage } from "@/lib/follow-ups/queries";
import { FOLLOW_UP_STATUS_LABELS, FOLLOW_UP_STATUSES } from "@/lib/follow-ups/rules";
import { followUpFilterSchema } from "@/lib/follow-ups/schemas";
import { pagingSchema } from "@/lib/pagination";
import { can, canForAnyDepartment } from "@/lib/permissions";
import { getTimeZone } from "@/lib/settings";
import { formatDate } from "@/lib/time-format";
import { parseFilters } from "@/lib/validation";

export const metadata: Metadata = { title: "Follow-ups" };

const STATUS_OPTIONS = [
  { value: "active", label: "Not closed" },
  ...FOLLOW_UP_STATUSES.map((s) => ({ value: s, label: FOLLOW_UP_STATUS_LABELS[s] })),
  { value: "all", label: "All" },
];

export default async function FollowUpsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("app.view");
  const params = await searchParams;
  const { filter, ignored } = parseFilters(followUpFilterSchema, params);
  const [page, stages, departments, timeZone] = await Promise.all([
    listFollowUpsPage({ actor, filter, paging: pagingSchema.parse(params) }),
    followUpStageOptions(),
    listDepartments(),
    getTimeZone(),
  ]);
  const acts = can(actor.role, "follow_ups.act");
  const mineLabel = canForAnyDepartment(actor.role, "follow_ups.act") ? "Unowned stage: your queue" : "Your department";
  const filtered = Object.entries(filter).some(([k, v]) => v && !(k === "status" && v === "active"));
  return (
    <>
      <PageHeader
        title="Follow-ups"
        description={
          acts
            ? "Negative or flagged customer signals waiting for the owning department to act: acknowledge, record what was done, close. Yours come first, overdue ones before the rest."
            : "Negative or flagged customer signals and how the owning departments act on them."
        }
        actions={can(actor.role, "signals.record") ? <LinkButton href="/signals/import" size="sm">Import signals</LinkButton> : undefined}
      />
      <IgnoredFilters ignored={ignored} />
      <form method="get" role="search" aria-label="Filter follow-ups" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
        <FilterSelect id="f-s" name="status" label="Status" value={filter.status} options={STATUS_OPTIONS} />
        <FilterSelect id="f-st" name="stageId" label="Stage" value={filter.stageId} anyLabel="All stages" options={stages} />
        <FilterSelect id="f-d" name="departmentId" label="Department" value={filter.departmentId} anyLabel="All departments" options={departments.map((d) => ({ value: d.id, label: d.name }))} />
        <FilterSelect id="f-o" name="overdue" label="Due" value={filter.overdue} anyLabel="Any" options={[{ value: "1", label: "Overdue only" }]} />
        <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
          <Button type="submit" variant="secondary">Apply filters</Button>
          <Link href="/follow-ups" className="text-sm text-slate-600 underline">Clear</Link>
        </div>
      </form>
      <PageSummary page={page} noun={["follow-up", "follow-ups"]} />
      {page.rows.length ? (
        <Table caption="Follow-ups">
          <thead>
            <tr>
              <Th>Signal</Th>
              <Th>Stage</Th>
              <Th>Department</Th>
              <Th>Status</Th>
              <Th>Due</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((f) => (
              <tr key={f.id}>
                <Td className="min-w-56">
                  <Link href={`/follow-ups/${f.id}`} className="font-medium text-brand-700 hover:underline">
                    {scoreText(f.scale, f.score)}
                    {f.reason === "flagged" ? " · flagged" : ""}
                  </Link>
                  <div className="text-xs text-slate-600">
                    {f.commentRemoved ? <em>Comment removed</em> : f.comment ? `“${f.comment}${f.comment.length >= 160 ? "…" : ""}”` : "No comment"}
                  </div>
                  {f.mine ? <div className="mt-1 text-xs font-medium text-brand-800">{mineLabel}</div> : null}
                </Td>
                <Td className="min-w-40">
                  <Link href={`/journeys/${f.journeyId}/stages/${f.stageId}`} className="text-brand-700 hover:underline">{f.stageName}</Link>
                  <div className="text-xs text-slate-500">{f.journeyName}</div>
                </Td>
                <Td>{f.departmentName ?? <span className="text-slate-600">No owner (CCO)</span>}</Td>
                <Td><FollowUpStatusBadge status={f.status} overdue={f.overdue} /></Td>
                <Td className="whitespace-nowrap">{formatDate(f.dueAt, timeZone)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : filtered || filter.status !== "active" ? (
        <EmptyState title="No follow-ups match">Change or clear the filters to see more.</EmptyState>
      ) : (
        <EmptyState title="Nothing to follow up">
          A follow-up opens when a customer signal on a stage scores below its threshold or someone flags it; it goes to the stage&apos;s owning department.
        </EmptyState>
      )}
      <Pager page={page} path="/follow-ups" query={filter} noun={["follow-up", "follow-ups"]} />
    </>
  );
}
