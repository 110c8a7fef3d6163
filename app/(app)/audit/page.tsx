import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { PageSummary, Pager } from "@/components/ui/pager";
import { auditFilterSchema, listAuditEvents } from "@/lib/audit/queries";
import { IgnoredFilters } from "@/components/ui/ignored-filters";
import { requireUser } from "@/lib/auth/guard";
import { getTimeZone } from "@/lib/settings";
import { pagingSchema } from "@/lib/pagination";
import { listPeople } from "@/lib/users/queries";
import { parseFilters } from "@/lib/validation";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("audit.read");
  const raw = await searchParams;
  const { filter, ignored } = parseFilters(auditFilterSchema, raw);
  const [page, people, timeZone] = await Promise.all([listAuditEvents({ actor, filter, paging: pagingSchema.parse(raw) }), listPeople({ actor }), getTimeZone()]);
  return (
    <>
      <PageHeader title="Audit log" description="Every change and sign-in, append-only: who, what, when, and why." />
      <IgnoredFilters ignored={ignored} labels={{ actorId: "Actor", entityType: "Entity type", from: "From", to: "To" }} />
      <AuditFilters filter={filter} timeZone={timeZone} people={people.map((p) => ({ value: p.id, label: p.active ? p.name : `${p.name} (deactivated)` }))} />
      <PageSummary page={page} noun={["event", "events"]} />
      {page.rows.length === 0 ? (
        <EmptyState title="No events match these filters">
          <Link href="/audit" className="text-brand-700 underline">Clear the filters</Link>
        </EmptyState>
      ) : (
        <AuditTable rows={page.rows} timeZone={timeZone} />
      )}
      <Pager page={page} path="/audit" query={filter} noun={["event", "events"]} />
    </>
  );
}
