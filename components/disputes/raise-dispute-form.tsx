"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { FormErrorFor, SelectField, TextField } from "@/components/forms/fields";
import { TextAreaField } from "@/components/forms/textarea-field";
import { DISPUTE_KIND_LABELS, type DisputeKind } from "@/lib/disputes/rules";

type Props = {
  action: FormAction<{ disputeId: string }>;
  stages: { id: string; label: string }[];
  departments: { id: string; name: string }[];
  ownDepartmentId: string | null;
  prefill: { kind?: DisputeKind; stageId?: string; handoffId?: string; parties: string[]; title?: string };
};

export function RaiseDisputeForm({ action, stages, departments, ownDepartmentId, prefill }: Props) {
  return (
    <ActionForm
      action={action}
      submitLabel="Raise dispute"
      aria-label="Raise a dispute"
      renderSuccess={(d) => <a className="text-sm font-medium text-brand-700 underline" href={`/disputes/${d.disputeId}`}>Open the dispute</a>}
    >
      {prefill.handoffId ? <input type="hidden" name="handoffId" value={prefill.handoffId} /> : null}
      <SelectField name="kind" label="What is it about?" defaultValue={prefill.kind ?? ""} placeholder="Choose a kind" options={Object.entries(DISPUTE_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
      <SelectField name="stageId" label="Stage" defaultValue={prefill.stageId ?? ""} placeholder="No particular stage" options={stages.map((s) => ({ value: s.id, label: s.label }))} hint="Required for ownership and handoff disputes." />
      <TextField name="title" label="Title" defaultValue={prefill.title} maxLength={160} />
      <TextAreaField name="description" label="What is the disagreement?" maxLength={4000} rows={4} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Other departments involved</legend>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {departments
            .filter((d) => d.id !== ownDepartmentId)
            .map((d) => (
              <label key={d.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="partyDepartmentIds" value={d.id} defaultChecked={prefill.parties.includes(d.id)} /> {d.name}
              </label>
            ))}
        </div>
        <FormErrorFor name="partyDepartmentIds" label="Other departments involved" />
        {ownDepartmentId ? <p className="mt-1 text-xs text-slate-500">Your own department is a party automatically.</p> : null}
      </fieldset>
    </ActionForm>
  );
}
