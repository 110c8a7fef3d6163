"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField, type Option } from "@/components/forms/fields";
import { ROLES, ROLE_LABELS } from "@/lib/permissions";
import type { UserRow } from "@/lib/users/queries";

export function EditUserForm({ action, user, departments }: { action: FormAction<void>; user: UserRow; departments: Option[] }) {
  return (
    <ActionForm action={action} submitLabel="Save changes" aria-label="Role and department" resetOnSuccess={false}>
      <input type="hidden" name="userId" value={user.id} />
      <TextField name="name" label="Full name" defaultValue={user.name} maxLength={120} required />
      <SelectField name="role" label="Role" defaultValue={user.role} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      <SelectField name="departmentId" label="Department" defaultValue={user.departmentId ?? ""} options={departments} placeholder="No department" hint="Required for department heads and members." />
    </ActionForm>
  );
}
