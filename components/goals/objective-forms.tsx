"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/fields";
import { TextAreaField } from "@/components/forms/textarea-field";

type O = { id: string; title: string; description: string; periodStart: string; periodEnd: string };

function Fields({ o }: { o?: O }) {
  return (
    <>
      <TextField name="title" label="Title" defaultValue={o?.title} maxLength={160} />
      <TextAreaField name="description" label="Description" defaultValue={o?.description} maxLength={2000} rows={2} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField name="periodStart" label="Period start" type="date" defaultValue={o?.periodStart} />
        <TextField name="periodEnd" label="Period end" type="date" defaultValue={o?.periodEnd} />
      </div>
    </>
  );
}

export function CreateObjectiveForm({ action }: { action: FormAction<unknown> }) {
  return (
    <ActionForm action={action} submitLabel="Create objective" aria-label="New strategic objective">
      <Fields />
    </ActionForm>
  );
}

export function EditObjectiveForms({ update, archive, objective }: { update: FormAction<unknown>; archive: FormAction<unknown>; objective: O }) {
  return (
    <div className="space-y-4">
      <ActionForm action={update} submitLabel="Save objective" submitVariant="secondary" aria-label={`Edit ${objective.title}`} resetOnSuccess={false}>
        <input type="hidden" name="objectiveId" value={objective.id} />
        <Fields o={objective} />
      </ActionForm>
      <ActionForm action={archive} submitLabel="Archive objective" submitVariant="danger" aria-label={`Archive ${objective.title}`}>
        <input type="hidden" name="objectiveId" value={objective.id} />
        <p className="text-xs text-slate-600">Its goals keep the link; new goals can no longer choose it.</p>
      </ActionForm>
    </div>
  );
}
