"use client";

import { FormErrorFor, SelectField } from "@/components/forms/fields";
import { mayHeadDepartment, type Role } from "@/lib/permissions";

export type RciRole = "responsible" | "consulted" | "informed";
type Dep = { id: string; name: string };

/**
 * One select per department (other than the accountable one) choosing its R/C/I role, posted
 * as hidden fields named by `fieldNames`. Shared by the CCO's assignment form and the
 * decision form, which both state a stage's complete RACI.
 */
export function RaciRolesPicker({
  departments,
  accountableId,
  roles,
  onChange,
  fieldNames,
  legend = "Other departments' roles",
}: {
  departments: Dep[];
  accountableId: string;
  roles: Record<string, string>;
  onChange: (departmentId: string, role: string) => void;
  fieldNames: Record<RciRole, string>;
  legend?: string;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        {departments
          .filter((d) => d.id !== accountableId)
          .map((d) => (
            <label key={d.id} className="flex items-center justify-between gap-2 text-sm">
              <span>{d.name}</span>
              <select
                className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                value={roles[d.id] ?? ""}
                onChange={(e) => onChange(d.id, e.target.value)}
                aria-label={`Role of ${d.name}`}
              >
                <option value="">No role</option>
                <option value="responsible">Responsible</option>
                <option value="consulted">Consulted</option>
                <option value="informed">Informed</option>
              </select>
            </label>
          ))}
      </div>
      {Object.entries(roles)
        .filter(([id, role]) => role && id !== accountableId && departments.some((d) => d.id === id))
        .map(([id, role]) => (
          <input key={id} type="hidden" name={fieldNames[role as RciRole]} value={id} />
        ))}
      <FormErrorFor name={fieldNames.responsible} />
      <FormErrorFor name={fieldNames.consulted} />
      <FormErrorFor name={fieldNames.informed} />
    </fieldset>
  );
}

type Person = { id: string; name: string; role: Role; departmentId: string | null };

/**
 * The accountable person of the accountable department: its people, heads marked, starting from
 * `currentPersonId` when they belong there, else the department's head. Re-mounted when the
 * department changes, so the choice starts over. Shared by the assignment and decision forms.
 */
export function AccountablePersonSelect({ name, people, departmentId, currentPersonId }: { name: string; people: Person[]; departmentId: string; currentPersonId: string | null | undefined }) {
  const candidates = people.filter((p) => p.departmentId === departmentId);
  const personDefault = candidates.find((p) => p.id === currentPersonId)?.id ?? candidates.find((p) => mayHeadDepartment(p.role))?.id ?? "";
  return (
    <SelectField
      key={departmentId}
      name={name}
      label="Accountable person"
      defaultValue={personDefault}
      options={candidates.map((p) => ({ value: p.id, label: `${p.name}${mayHeadDepartment(p.role) ? " (head)" : ""}` }))}
      placeholder={departmentId ? (candidates.length ? "Choose a person" : "Nobody active in this department") : "Choose the department first"}
    />
  );
}
