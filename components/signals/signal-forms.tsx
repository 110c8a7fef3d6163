"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/fields";
import { TextAreaField } from "@/components/forms/textarea-field";
import { SCALE_OPTIONS, SOURCE_OPTIONS } from "./labels";

/** One signal on a stage: every field labelled, every refusal named by the server at its field. */
export function RecordSignalForm({ action, stageId, now }: { action: FormAction<{ signalId: string; followUpId: string | null }>; stageId: string; now: string }) {
  return (
    <ActionForm action={action} submitLabel="Record signal" aria-label="Record a customer signal">
      <input type="hidden" name="stageId" value={stageId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name="source" label="Source" options={SOURCE_OPTIONS} defaultValue="survey" />
        <TextField name="receivedAt" label="Received" type="datetime-local" defaultValue={now} hint="In the company's time zone." />
        <SelectField name="scale" label="Scale" options={SCALE_OPTIONS} placeholder="No score" />
        <TextField name="score" label="Score" inputMode="decimal" hint="On the chosen scale." />
      </div>
      <TextAreaField name="comment" label="Comment (optional)" rows={3} maxLength={5000} hint="The customer's words. Leave out names and contact details." />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField name="customerRef" label="Customer reference (optional)" maxLength={200} hint="A pseudonymous id, not a name." />
        <TextField name="channel" label="Channel (optional)" maxLength={100} />
        <TextField name="tags" label="Tags (optional)" hint="Separated by commas." />
      </div>
    </ActionForm>
  );
}

/** `which` names the signal ("the survey of 6 Dec 2026, 10:30"), so each form on the page has its own name. */
export function FlagSignalForm({ action, signalId, which }: { action: FormAction<{ followUpId: string }>; signalId: string; which: string }) {
  return (
    <ActionForm action={action} submitLabel="Flag for follow-up" aria-label={`Flag ${which}`} submitVariant="secondary">
      <input type="hidden" name="signalId" value={signalId} />
      <TextField name="note" label="Why it needs action" maxLength={2000} />
    </ActionForm>
  );
}

export function RedactSignalForm({ action, signalId, which }: { action: FormAction<void>; signalId: string; which: string }) {
  return (
    <ActionForm action={action} submitLabel="Remove comment" aria-label={`Remove the comment of ${which}`} submitVariant="danger">
      <input type="hidden" name="signalId" value={signalId} />
      <TextField name="reason" label="Reason for removing the comment" maxLength={500} hint="The text is deleted for good; the reason is kept." />
    </ActionForm>
  );
}
