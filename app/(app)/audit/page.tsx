import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { Alert } from "@/components/ui/alert";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { PageSummary, Pager } from "@/components/ui/pager";
import { resolveAuditNames } from "@/lib/audit/names";
import { linkFor, presentAuditEvent, presentEntity } from "@/lib/audit/present";
import { AUDIT_FILTER_LABELS, listAuditEvents, parseAuditFilter } from "@/lib/audit/queries";
import { IgnoredFilters } from "@/components/ui/ignored-filters";
import { requireUser } from "@/lib/auth/guard";
import { listDepartments } from "@/lib/departments/queries";
import { getTimeZone } from "@/lib/settings";
import { pageHref, pagingSchema } from "@/lib/pagination";
import { listPeople } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("audit.read");
  const raw = await searchParams;
  const { filter, ignored } = parseAuditFilter(raw);
  const [page, people, departments, timeZone] = await Promise.all([
    listAuditEvents({ actor, filter, paging: pagingSchema.parse(raw) }),
    listPeople({ actor }),
    listDepartments(),
    getTimeZone(),
  ]);
  // The entity being filtered on is named by the same single query as the rows' ids.
  const filteredEntity = filter.entityType && filter.entityId ? { entityType: filter.entityType, entityId: filter.entityId, before: null, after: null } : null;
  const names = await resolveAuditNames(filteredEntity ? [...page.rows, filteredEntity] : page.rows);
  // Links to admin pages only for those who may open them; the rest read the name.
  const rows = page.rows.map((r) => {
    const p = presentAuditEvent(r, names);
    return { ...p, entity: { ...p.entity, href: linkFor(actor.role, p.entity.href) }, id: r.id, createdAt: r.createdAt, actorName: r.actorName, reason: r.reason };
  });
  const shownEntity = filteredEntity ? presentEntity(filteredEntity, names) : null;
  const entity = shownEntity ? { ...shownEntity, href: linkFor(actor.role, shownEntity.href) } : null;
  const csvHref = pageHref("/api/export/audit.csv", filter, 1);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and sign-in, append-only: who, what, when, and why."
        actions={<a href={csvHref} className="inline-flex h-11 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-brand-700 hover:bg-slate-50" download>Download CSV</a>}
      />
      <IgnoredFilters ignored={ignored} labels={AUDIT_FILTER_LABELS} />
      {entity ? (
        <Alert tone="info" className="mb-4">
          History of {entity.type.toLowerCase()}{" "}
          {entity.href ? <Link href={entity.href} className="font-medium underline">{entity.name}</Link> : <span className="font-medium">{entity.name}</span>}.{" "}
          <Link href={pageHref("/audit", { ...filter, entityType: undefined, entityId: undefined }, 1)} className="underline">Show every entity</Link>
        </Alert>
      ) : null}
      <AuditFilters
        filter={filter}
        timeZone={timeZone}
        people={people.map((p) => ({ value: p.id, label: p.active ? p.name : `${p.name} (deactivated)` }))}
        departments={departments.map((d) => ({ value: d.id, label: d.archived ? `${d.name} (archived)` : d.name }))}
      />
      <PageSummary page={page} noun={["event", "events"]} />
      {page.rows.length === 0 ? (
        <EmptyState title="No events match these filters">
          <Link href="/audit" className="link">Clear the filters</Link>
        </EmptyState>
      ) : (
        <AuditTable rows={rows} timeZone={timeZone} />
      )}
      <Pager page={page} path="/audit" query={filter} noun={["event", "events"]} />
    </>
  );
}
