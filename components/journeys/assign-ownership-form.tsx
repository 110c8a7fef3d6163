"use client";

import { useState } from "react";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/fields";
import type { Role } from "@/lib/permissions";
import { AccountablePersonSelect, RaciRolesPicker } from "./raci-roles-picker";

type Dep = { id: string; name: string };
type Person = { id: string; name: string; departmentId: string; role: Role };
type Current = { departmentId: string | null; personId: string | null; raci: Record<string, "responsible" | "consulted" | "informed"> };

/**
 * `people` are the current accountable department's, unless `peopleOf` says whose they are
 * (null: none came with the page, e.g. the canvas's panel, so even the current department's
 * people are loaded when the form opens).
 */
export function AssignOwnershipForm({ action, stageId, departments, people, current, peopleOf = current.departmentId }: { action: FormAction<{ stageId: string }>; stageId: string; departments: Dep[]; people: Person[]; current: Current; peopleOf?: string | null }) {
  const [departmentId, setDepartmentId] = useState(current.departmentId ?? "");
  const [roles, setRoles] = useState<Record<string, string>>(current.raci);
  return (
    <ActionForm action={action} submitLabel="Save ownership" aria-label="Assign ownership">
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
        <AccountablePersonSelect key={departmentId} name="personId" people={people} peopleOf={peopleOf} departmentId={departmentId} currentPersonId={current.personId} />
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
