"use client";

import { useState } from "react";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/fields";
import { assignOwnershipSchema } from "@/lib/ownership/schemas";
import { mayHeadDepartment, type Role } from "@/lib/permissions";
import { RaciRolesPicker } from "./raci-roles-picker";

type Dep = { id: string; name: string };
type Person = { id: string; name: string; departmentId: string; role: Role };
type Current = { departmentId: string | null; personId: string | null; raci: Record<string, "responsible" | "consulted" | "informed"> };

export function AssignOwnershipForm({ action, stageId, departments, people, current }: { action: FormAction<{ stageId: string }>; stageId: string; departments: Dep[]; people: Person[]; current: Current }) {
  const [departmentId, setDepartmentId] = useState(current.departmentId ?? "");
  const [roles, setRoles] = useState<Record<string, string>>(current.raci);
  const candidates = people.filter((p) => p.departmentId === departmentId);
  const personDefault = candidates.find((p) => p.id === current.personId)?.id ?? candidates.find((p) => mayHeadDepartment(p.role))?.id ?? "";
  return (
    <ActionForm action={action} schema={assignOwnershipSchema} submitLabel="Save ownership" aria-label="Assign ownership">
      <input type="hidden" name="stageId" value={stageId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="departmentId"
          label="Accountable department"
          value={departmentId}
          onChange={(e) => setDepartmentId(e.target.value)}
          options={departments.map((d) => ({ value: d.id, label: d.name }))}
          placeholder="Choose a department"
        />
        <SelectField
          key={departmentId}
          name="personId"
          label="Accountable person"
          defaultValue={personDefault}
          options={candidates.map((p) => ({ value: p.id, label: `${p.name}${mayHeadDepartment(p.role) ? " (head)" : ""}` }))}
          placeholder={departmentId ? (candidates.length ? "Choose a person" : "Nobody active in this department") : "Choose the department first"}
        />
      </div>
      <RaciRolesPicker
        departments={departments}
        accountableId={departmentId}
        roles={roles}
        onChange={(id, role) => setRoles((r) => ({ ...r, [id]: role }))}
        fieldNames={{ responsible: "responsible", consulted: "consulted", informed: "informed" }}
      />
      <TextField name="reason" label="Reason" maxLength={500} hint="Why this is the right owner. Kept in the stage's history." required />
    </ActionForm>
  );
}
