"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/fields";
import { TextAreaField } from "@/components/forms/textarea-field";

export function CreateJourneyForm({ action }: { action: FormAction<{ journeyId: string }> }) {
  return (
    <ActionForm
      action={action}
      submitLabel="Create journey"
      aria-label="New journey"
      renderSuccess={(d) => <a className="text-sm font-medium text-brand-700 underline" href={`/journeys/${d.journeyId}`}>Open the new journey</a>}
    >
      <TextField name="name" label="Journey name" maxLength={120} required />
      <TextField name="segment" label="Customer segment or persona" maxLength={200} hint="Who lives this journey, e.g. “Small business owners”." />
      <TextAreaField name="description" label="Description" maxLength={2000} rows={3} />
      <SelectField name="status" label="Status" defaultValue="draft" options={[{ value: "draft", label: "Draft" }, { value: "active", label: "Active" }]} />
    </ActionForm>
  );
}

export function EditJourneyForm({ action, journey }: { action: FormAction<void>; journey: { id: string; name: string; segment: string; description: string; status: string } }) {
  return (
    <ActionForm action={action} submitLabel="Save journey" aria-label="Edit journey" resetOnSuccess={false}>
      <input type="hidden" name="journeyId" value={journey.id} />
      <TextField name="name" label="Journey name" defaultValue={journey.name} maxLength={120} />
      <TextField name="segment" label="Customer segment or persona" defaultValue={journey.segment} maxLength={200} />
      <TextAreaField name="description" label="Description" defaultValue={journey.description} maxLength={2000} rows={3} />
      <SelectField name="status" label="Status" defaultValue={journey.status} options={[{ value: "draft", label: "Draft" }, { value: "active", label: "Active" }]} />
    </ActionForm>
  );
}

export function ArchiveJourneyForm({ action, journeyId }: { action: FormAction<void>; journeyId: string }) {
  return (
    <ActionForm action={action} submitLabel="Archive journey" submitVariant="danger" aria-label="Archive journey">
      <input type="hidden" name="journeyId" value={journeyId} />
      <TextField name="reason" label="Reason (optional)" maxLength={500} hint="Archived journeys are read-only; their history stays." />
    </ActionForm>
  );
}
