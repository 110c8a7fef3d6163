import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FilterSelect, filterControl } from "@/components/ui/filter-select";
import { AUDIT_ACTIONS, AUDIT_ENTITY_LABELS, AUDIT_ENTITY_TYPES } from "@/lib/audit/catalog";
import { AUDIT_ACTION_LABELS } from "@/lib/audit/labels";
import type { AuditFilter } from "@/lib/audit/queries";

const control = filterControl;
type Option = { value: string; label: string };

const ACTION_OPTIONS: Option[] = AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] })).sort((a, b) => a.label.localeCompare(b.label));

/**
 * A GET form: every filter lives in the URL. Dates are whole days in the company's zone
 * (`timeZone`), as the query reads them. An entity filter (from a page's History link) is kept
 * as hidden fields, so narrowing it further keeps it.
 */
export function AuditFilters({ filter, people, departments, timeZone }: { filter: AuditFilter; people: Option[]; departments: Option[]; timeZone: string }) {
  const entity = filter.entityType && filter.entityId ? filter : null;
  return (
    <form method="get" role="search" aria-label="Filter the audit log" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3">
      {entity ? (
        <>
          <input type="hidden" name="entityType" value={entity.entityType} />
          <input type="hidden" name="entityId" value={entity.entityId} />
        </>
      ) : (
        <FilterSelect id="a-entity" name="entityType" label="Entity type" value={filter.entityType} anyLabel="Any type" options={AUDIT_ENTITY_TYPES.map((t) => ({ value: t, label: AUDIT_ENTITY_LABELS[t] }))} />
      )}
      <FilterSelect id="a-action" name="action" label="Action" value={filter.action} anyLabel="Any action" options={ACTION_OPTIONS} />
      <FilterSelect id="a-department" name="departmentId" label="Department" value={filter.departmentId} anyLabel="Any department" options={departments} />
      <FilterSelect id="a-actor" name="actorId" label="Actor" value={filter.actorId} anyLabel="Anyone" options={people} />
      <div>
        <label htmlFor="a-from" className="block text-sm font-medium">From ({timeZone})</label>
        <input id="a-from" name="from" type="date" defaultValue={filter.from ?? ""} className={control} />
      </div>
      <div>
        <label htmlFor="a-to" className="block text-sm font-medium">To ({timeZone}, inclusive)</label>
        <input id="a-to" name="to" type="date" defaultValue={filter.to ?? ""} className={control} />
      </div>
      <p className="text-xs text-slate-600 sm:col-span-2 lg:col-span-3">
        Department: events by its current members, events about the department itself, and events whose before or after names it (a stage&apos;s owner or RACI
        department, a handoff&apos;s from or to department, a goal&apos;s department, a dispute party).
      </p>
      <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-3">
        <Button type="submit" variant="secondary">Apply filters</Button>
        <Link href="/audit" className="text-sm text-slate-600 underline">Clear</Link>
      </div>
    </form>
  );
}
