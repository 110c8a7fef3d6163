import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ROLES, ROLE_LABELS } from "@/lib/permissions";
import type { UserFilter } from "@/lib/users/schemas";

const control = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

// A plain GET form: filters live in the URL, work without JavaScript and can be shared.
export function UserFilters({ filter, departments }: { filter: UserFilter; departments: { value: string; label: string }[] }) {
  return (
    <form method="get" role="search" aria-label="Filter users" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5">
      <div className="lg:col-span-2">
        <label htmlFor="f-q" className="block text-sm font-medium">Search</label>
        <input id="f-q" name="q" type="search" defaultValue={filter.q ?? ""} placeholder="Name or email" className={control} />
      </div>
      <div>
        <label htmlFor="f-role" className="block text-sm font-medium">Role</label>
        <select id="f-role" name="role" defaultValue={filter.role ?? ""} className={control}>
          <option value="">Any role</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>{ROLE_LABELS[r]}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-dep" className="block text-sm font-medium">Department</label>
        <select id="f-dep" name="departmentId" defaultValue={filter.departmentId ?? ""} className={control}>
          <option value="">Any department</option>
          {departments.map((d) => (
            <option key={d.value} value={d.value}>{d.label}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-status" className="block text-sm font-medium">Status</label>
        <select id="f-status" name="status" defaultValue={filter.status} className={control}>
          <option value="all">Active and deactivated</option>
          <option value="active">Active only</option>
          <option value="inactive">Deactivated only</option>
        </select>
      </div>
      <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-5">
        <Button type="submit" variant="secondary">Apply filters</Button>
        <Link href="/admin/users" className="text-sm text-slate-600 underline">Clear</Link>
      </div>
    </form>
  );
}
