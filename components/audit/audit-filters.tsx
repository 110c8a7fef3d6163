import Link from "next/link";
import { Button } from "@/components/ui/button";
import { AUDIT_ENTITY_LABELS, AUDIT_ENTITY_TYPES } from "@/lib/audit/catalog";
import type { AuditFilter } from "@/lib/audit/queries";

const control = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

export function AuditFilters({ filter, people }: { filter: AuditFilter; people: { value: string; label: string }[] }) {
  return (
    <form method="get" role="search" aria-label="Filter the audit log" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
      <div>
        <label htmlFor="a-actor" className="block text-sm font-medium">Actor</label>
        <select id="a-actor" name="actorId" defaultValue={filter.actorId ?? ""} className={control}>
          <option value="">Anyone</option>
          {people.map((p) => (
            <option key={p.value} value={p.value}>{p.label}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="a-entity" className="block text-sm font-medium">Entity type</label>
        <select id="a-entity" name="entityType" defaultValue={filter.entityType ?? ""} className={control}>
          <option value="">Any type</option>
          {AUDIT_ENTITY_TYPES.map((t) => (
            <option key={t} value={t}>{AUDIT_ENTITY_LABELS[t]}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="a-from" className="block text-sm font-medium">From (UTC)</label>
        <input id="a-from" name="from" type="date" defaultValue={filter.from ?? ""} className={control} />
      </div>
      <div>
        <label htmlFor="a-to" className="block text-sm font-medium">To (UTC, inclusive)</label>
        <input id="a-to" name="to" type="date" defaultValue={filter.to ?? ""} className={control} />
      </div>
      <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
        <Button type="submit" variant="secondary">Apply filters</Button>
        <Link href="/audit" className="text-sm text-slate-600 underline">Clear</Link>
      </div>
    </form>
  );
}
