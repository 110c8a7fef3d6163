import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FilterSelect, filterControl } from "@/components/ui/filter-select";
import { ROLES, ROLE_LABELS } from "@/lib/permissions";
import type { UserFilter } from "@/lib/users/schemas";

const control = filterControl;

// A plain GET form: filters live in the URL, work without JavaScript and can be shared.
export function UserFilters({ filter, departments }: { filter: UserFilter; departments: { value: string; label: string }[] }) {
  return (
    <form method="get" role="search" aria-label="Filter users" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5">
      <div className="lg:col-span-2">
        <label htmlFor="f-q" className="block text-sm font-medium">Search</label>
        <input id="f-q" name="q" type="search" defaultValue={filter.q ?? ""} placeholder="Name or email" className={control} />
      </div>
      <FilterSelect id="f-role" name="role" label="Role" value={filter.role} anyLabel="Any role" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      <FilterSelect id="f-dep" name="departmentId" label="Department" value={filter.departmentId} anyLabel="Any department" options={departments} />
      <FilterSelect
        id="f-status"
        name="status"
        label="Status"
        value={filter.status}
        options={[
          { value: "all", label: "Active and deactivated" },
          { value: "active", label: "Active only" },
          { value: "inactive", label: "Deactivated only" },
        ]}
      />
      <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-5">
        <Button type="submit" variant="secondary">Apply filters</Button>
        <Link href="/admin/users" className="text-sm text-slate-600 underline">Clear</Link>
      </div>
    </form>
  );
}
