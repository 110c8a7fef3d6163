import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FilterSelect, filterControl } from "@/components/ui/filter-select";
import { AUDIT_ENTITY_LABELS, AUDIT_ENTITY_TYPES } from "@/lib/audit/catalog";
import type { AuditFilter } from "@/lib/audit/queries";

const control = filterControl;

/** Dates are whole days in the company's zone (`timeZone`), as the query reads them. */
export function AuditFilters({ filter, people, timeZone }: { filter: AuditFilter; people: { value: string; label: string }[]; timeZone: string }) {
  return (
    <form method="get" role="search" aria-label="Filter the audit log" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
      <FilterSelect id="a-actor" name="actorId" label="Actor" value={filter.actorId} anyLabel="Anyone" options={people} />
      <FilterSelect id="a-entity" name="entityType" label="Entity type" value={filter.entityType} anyLabel="Any type" options={AUDIT_ENTITY_TYPES.map((t) => ({ value: t, label: AUDIT_ENTITY_LABELS[t] }))} />
      <div>
        <label htmlFor="a-from" className="block text-sm font-medium">From ({timeZone})</label>
        <input id="a-from" name="from" type="date" defaultValue={filter.from ?? ""} className={control} />
      </div>
      <div>
        <label htmlFor="a-to" className="block text-sm font-medium">To ({timeZone}, inclusive)</label>
        <input id="a-to" name="to" type="date" defaultValue={filter.to ?? ""} className={control} />
      </div>
      <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
        <Button type="submit" variant="secondary">Apply filters</Button>
        <Link href="/audit" className="text-sm text-slate-600 underline">Clear</Link>
      </div>
    </form>
  );
}
