import type { Metadata } from "next";
import Link from "next/link";
import { DisputeStatusBadge } from "@/components/disputes/labels";
import { Button, LinkButton } from "@/components/ui/button";
import { FilterSelect } from "@/components/ui/filter-select";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { PageSummary, Pager } from "@/components/ui/pager";
import { Table, Td, Th } from "@/components/ui/table";
import { IgnoredFilters } from "@/components/ui/ignored-filters";
import { requireUser } from "@/lib/auth/guard";
import { listDepartments } from "@/lib/departments/queries";
import { listDisputes } from "@/lib/disputes/queries";
import { DISPUTE_KIND_LABELS, isOverdue } from "@/lib/disputes/rules";
import { disputeListFilterSchema } from "@/lib/disputes/schemas";
import { pagingSchema } from "@/lib/pagination";
import { can } from "@/lib/permissions";
import { getSettings } from "@/lib/settings";
import { elapsedDays } from "@/lib/time";
import { formatDate, formatDays } from "@/lib/time-format";
import { plural } from "@/lib/format";
import { parseFilters } from "@/lib/validation";

export const metadata: Metadata = { title: "Disputes" };
const DISPUTE_STATUS_OPTIONS = [
  { value: "active", label: "Open or under review" },
  { value: "open", label: "Open" },
  { value: "under_review", label: "Under review" },
  { value: "decided", label: "Decided" },
  { value: "withdrawn", label: "Withdrawn" },
  { value: "all", label: "All" },
];

export default async function DisputesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("app.view");
  const params = await searchParams;
  const { filter, ignored } = parseFilters(disputeListFilterSchema, params);
  const now = new Date();
  const [page, departments, settings] = await Promise.all([listDisputes({ actor, filter, paging: pagingSchema.parse(params), now }), listDepartments(), getSettings()]);
  const rows = page.rows;
  return (
    <>
      <PageHeader
        title="Disputes"
        description={`Disagreements between departments, each with an age and a service level of ${plural(settings.disputeSlaDays, "day")}. A dispute closes only with a recorded decision.`}
        actions={can(actor.role, "disputes.raise") ? <LinkButton href="/disputes/new" variant="primary">Raise a dispute</LinkButton> : null}
      />
      <IgnoredFilters ignored={ignored} />
      <form method="get" role="search" aria-label="Filter disputes" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3">
        <FilterSelect id="d-s" name="status" label="Status" value={filter.status} options={DISPUTE_STATUS_OPTIONS} />
        <FilterSelect id="d-k" name="kind" label="Kind" value={filter.kind} anyLabel="Any kind" options={Object.entries(DISPUTE_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        <FilterSelect id="d-d" name="departmentId" label="Department involved" value={filter.departmentId} anyLabel="Any department" options={departments.map((d) => ({ value: d.id, label: d.name }))} />
        <div className="flex items-center gap-3 sm:col-span-3">
          <Button type="submit" variant="secondary">Apply filters</Button>
          <Link href="/disputes" className="text-sm text-slate-600 underline">Clear</Link>
        </div>
      </form>
      <PageSummary page={page} noun={["dispute", "disputes"]} extra={page.overdue ? ` · ${page.overdue.toLocaleString("en")} overdue` : ""} />
      {rows.length === 0 ? (
        <EmptyState title="No disputes here">When departments disagree about a stage, a handoff, standards or resources, raise a dispute so the CCO can decide.</EmptyState>
      ) : (
        <Table caption="Disputes, soonest due first">
          <thead>
            <tr><Th>Dispute</Th><Th>Kind</Th><Th>Parties</Th><Th>Age</Th><Th>Due</Th><Th>Status</Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((d) => {
              const late = isOverdue(d, now);
              return (
                <tr key={d.id} className={late ? "bg-red-50" : undefined}>
                  <Td>
                    <Link href={`/disputes/${d.id}`} className="font-medium text-brand-700 hover:underline">{d.title}</Link>
                    <div className="text-xs text-slate-500">Raised by {d.raisedByName}{d.stageName ? ` · stage ${d.stageName}` : ""}</div>
                  </Td>
                  <Td className="capitalize">{d.kind}</Td>
                  <Td>{d.parties.join(", ")}</Td>
                  <Td className="whitespace-nowrap">{formatDays(elapsedDays(d.openedAt, d.closedAt ?? now))}</Td>
                  <Td className="whitespace-nowrap">{formatDate(d.dueBy, settings.timeZone)}</Td>
                  <Td><DisputeStatusBadge status={d.status} overdue={late} /></Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <Pager page={page} path="/disputes" query={filter} noun={["dispute", "disputes"]} />
    </>
  );
}
