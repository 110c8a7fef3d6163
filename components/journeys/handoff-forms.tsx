"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { FormErrorFor, SelectField, TextField } from "@/components/forms/fields";
import { TextAreaField } from "@/components/forms/textarea-field";

export function ProposeHandoffForm({ action, stageId, departments, canForce }: { action: FormAction<{ handoffId: string; status: string }>; stageId: string; departments: { id: string; name: string }[]; canForce: boolean }) {
  return (
    <ActionForm action={action} submitLabel="Offer handoff" aria-label="Hand off this stage">
      <input type="hidden" name="stageId" value={stageId} />
      <SelectField name="toDepartmentId" label="Hand off to" options={departments.map((d) => ({ value: d.id, label: d.name }))} placeholder="Choose a department" />
      <TextAreaField name="note" label="Note to the receiving department" maxLength={1000} rows={3} />
      {/* space-y-2: the radios sit far enough apart to be 24 px touch targets (WCAG 2.2 target size). */}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">The stage&apos;s open goals</legend>
        <label className="flex items-center gap-2 text-sm"><input type="radio" name="goalDisposition" value="move" defaultChecked /> Move with the stage to the new owner</label>
        <label className="flex items-center gap-2 text-sm"><input type="radio" name="goalDisposition" value="retire" /> Retire them</label>
        <FormErrorFor name="goalDisposition" label="The stage's open goals" />
      </fieldset>
      {canForce ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="force" /> Force it through now (CCO): ownership moves without waiting for an answer
        </label>
      ) : null}
    </ActionForm>
  );
}

export function RespondHandoffForms({ action, handoffId, receiver, asCco }: { action: FormAction<{ status: string }>; handoffId: string; receiver: string; asCco: boolean }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <ActionForm action={action} submitLabel={asCco ? "Force acceptance" : "Accept handoff"} pendingLabel="Accepting…" aria-label="Accept handoff">
        <input type="hidden" name="handoffId" value={handoffId} />
        <input type="hidden" name="response" value="accept" />
        <p className="text-sm text-slate-700">
          {asCco ? `As CCO you can accept on ${receiver}'s behalf; its head becomes accountable.` : "Your department becomes accountable for this stage."}
        </p>
      </ActionForm>
      <ActionForm action={action} submitLabel={asCco ? "Decline on their behalf" : "Decline handoff"} submitVariant="secondary" pendingLabel="Declining…" aria-label="Decline handoff">
        <input type="hidden" name="handoffId" value={handoffId} />
        <input type="hidden" name="response" value="decline" />
        <TextField name="reason" label="Why you decline" maxLength={500} required />
      </ActionForm>
    </div>
  );
}

export function CancelHandoffForm({ action, handoffId }: { action: FormAction<{ status: string }>; handoffId: string }) {
  return (
    <ActionForm action={action} submitLabel="Cancel handoff" submitVariant="secondary" pendingLabel="Cancelling…" aria-label="Cancel handoff">
      <input type="hidden" name="handoffId" value={handoffId} />
      <TextField name="reason" label="Reason (optional)" maxLength={500} />
    </ActionForm>
  );
}
