"use client";

import Link from "next/link";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField, type Option } from "@/components/forms/fields";
import { Badge } from "@/components/ui/badge";
import type { DepartmentRow } from "@/lib/departments/queries";

export function CreateDepartmentForm({ action }: { action: FormAction<{ departmentId: string }> }) {
  return (
    <ActionForm action={action} submitLabel="Create department" aria-label="New department">
      <TextField name="name" label="Name" maxLength={80} required />
    </ActionForm>
  );
}

type Actions = {
  rename: FormAction<void>;
  setHead: FormAction<void>;
  restore: FormAction<void>;
};

export function DepartmentCard({ department: d, candidates, actions }: { department: DepartmentRow; candidates: Option[]; actions: Actions }) {
  const headingId = `dep-${d.id}`;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <h2 id={headingId} className="text-base font-semibold">{d.name}</h2>
        {d.archived ? <Badge>Archived</Badge> : <Badge tone="green">Current</Badge>}
        <span className="text-sm text-slate-600">
          {d.activeMembers === 1 ? "1 active person" : `${d.activeMembers} active people`} · Head: {d.headName ?? "none"}
          {d.headName && d.headActive === false ? " (deactivated)" : ""}
        </span>
      </div>
      {d.archived ? (
        <ActionForm action={actions.restore} submitLabel="Restore department" submitVariant="secondary" aria-label={`Restore ${d.name}`}>
          <input type="hidden" name="departmentId" value={d.id} />
        </ActionForm>
      ) : (
        <div className="grid gap-6 md:grid-cols-2">
          <ActionForm action={actions.rename} submitLabel="Rename" submitVariant="secondary" aria-label={`Rename ${d.name}`} resetOnSuccess={false}>
            <input type="hidden" name="departmentId" value={d.id} />
            <TextField name="name" label="Name" defaultValue={d.name} maxLength={80} />
          </ActionForm>
          <ActionForm action={actions.setHead} submitLabel="Set head" submitVariant="secondary" aria-label={`Head of ${d.name}`} resetOnSuccess={false}>
            <input type="hidden" name="departmentId" value={d.id} />
            <SelectField
              name="headUserId"
              label="Head"
              defaultValue={d.headUserId ?? ""}
              options={candidates}
              placeholder="No head"
              hint={candidates.length ? "Active department heads of this department." : "Give someone the department head role in this department first."}
            />
          </ActionForm>
          <div className="md:col-span-2">
            <Link href={`/admin/departments/${d.id}/archive`} className="text-sm font-medium text-red-700 underline">
              Archive {d.name}…
            </Link>
            <p className="text-xs text-slate-600">First shows what it owns, so you can hand each item on or leave it flagged.</p>
          </div>
        </div>
      )}
    </section>
  );
}
