import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { IgnoredFilters } from "@/components/ui/ignored-filters";
import { AUDIT_PAGE_SIZE, auditFilterSchema, listAuditEvents } from "@/lib/audit/queries";
import { requireUser } from "@/lib/auth/guard";
import { listPeople } from "@/lib/users/queries";
import { parseFilters } from "@/lib/validation";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("audit.read");
  const { filter, ignored } = parseFilters(auditFilterSchema, await searchParams);
  const [{ rows, total }, people] = await Promise.all([listAuditEvents({ actor, filter }), listPeople()]);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const pageHref = (page: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined && k !== "page") q.set(k, String(v));
    q.set("page", String(page));
    return `/audit?${q.toString()}`;
  };
  return (
    <>
      <PageHeader title="Audit log" description="Every change and sign-in, append-only: who, what, when, and why." />
      <IgnoredFilters ignored={ignored} labels={{ actorId: "Actor", entityType: "Entity type", from: "From", to: "To", page: "Page" }} />
      <AuditFilters filter={filter} people={people.map((p) => ({ value: p.id, label: p.active ? p.name : `${p.name} (deactivated)` }))} />
      <p className="mb-2 text-sm text-slate-600" role="status">
        {total === 1 ? "1 event" : `${total.toLocaleString("en")} events`} · page {Math.min(filter.page, pages)} of {pages}
      </p>
      {rows.length === 0 ? (
        <EmptyState title="No events match these filters">
          <Link href="/audit" className="text-brand-700 underline">Clear the filters</Link>
        </EmptyState>
      ) : (
        <AuditTable rows={rows} />
      )}
      {pages > 1 ? (
        <nav aria-label="Pagination" className="mt-4 flex gap-3 text-sm">
          {filter.page > 1 ? <Link className="text-brand-700 underline" href={pageHref(filter.page - 1)}>Newer events</Link> : null}
          {filter.page < pages ? <Link className="text-brand-700 underline" href={pageHref(filter.page + 1)}>Older events</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
