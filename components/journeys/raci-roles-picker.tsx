"use client";

import { useEffect, useState } from "react";
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
type Loaded = { status: "ready"; people: Person[] } | { status: "loading" } | { status: "failed" };

/**
 * The accountable person of the accountable department: its people, heads marked, starting from
 * `currentPersonId` when they belong there, else the department's head. `people` are those of
 * `peopleOf` (the stage's current department); another department's are loaded when it is
 * chosen (/api/people), so the page does not carry a large company's thousand people. Re-mounted
 * when the department changes, so the choice starts over. Shared by the assignment and decision forms.
 */
export function AccountablePersonSelect({ name, people, peopleOf, departmentId, currentPersonId }: { name: string; people: Person[]; peopleOf: string | null; departmentId: string; currentPersonId: string | null | undefined }) {
  const [loaded, setLoaded] = useState<Loaded>(() => (!departmentId || departmentId === peopleOf ? { status: "ready", people } : { status: "loading" }));
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!departmentId || departmentId === peopleOf) return;
    const abort = new AbortController();
    fetch(`/api/people?departmentId=${encodeURIComponent(departmentId)}`, { signal: abort.signal, cache: "no-store" })
      .then((r) => (r.ok ? (r.json() as Promise<Person[]>) : Promise.reject(new Error(String(r.status)))))
      .then((list) => setLoaded({ status: "ready", people: list }))
      .catch(() => {
        if (!abort.signal.aborted) setLoaded({ status: "failed" });
      });
    return () => abort.abort();
  }, [departmentId, peopleOf, attempt]);
  const candidates = loaded.status === "ready" ? loaded.people.filter((p) => p.departmentId === departmentId) : [];
  const personDefault = candidates.find((p) => p.id === currentPersonId)?.id ?? candidates.find((p) => mayHeadDepartment(p.role))?.id ?? "";
  const placeholder = !departmentId
    ? "Choose the department first"
    : loaded.status === "loading"
      ? "Loading the department's people…"
      : loaded.status === "failed"
        ? "Could not load the department's people"
        : candidates.length
          ? "Choose a person"
          : "Nobody active in this department";
  return (
    <div>
      <SelectField
        key={`${departmentId}:${loaded.status}`}
        name={name}
        label="Accountable person"
        defaultValue={personDefault}
        aria-busy={loaded.status === "loading" || undefined}
        options={candidates.map((p) => ({ value: p.id, label: `${p.name}${mayHeadDepartment(p.role) ? " (head)" : ""}` }))}
        placeholder={placeholder}
      />
      {loaded.status === "failed" ? (
        <button
          type="button"
          className="mt-1 text-sm font-medium text-brand-700 underline"
          onClick={() => {
            setLoaded({ status: "loading" });
            setAttempt((n) => n + 1);
          }}
        >
          Try loading them again
        </button>
      ) : null}
    </div>
  );
}
