"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/fields";

const CONFIDENCE = [
  { value: "high", label: "High" },
  { value: "medium", label: "Medium" },
  { value: "low", label: "Low" },
];

export function RecordCheckInForm({ action, goalId, unit, today }: { action: FormAction<unknown>; goalId: string; unit: string; today: string }) {
  return (
    <ActionForm action={action} submitLabel="Record check-in" aria-label="Record a check-in">
      <input type="hidden" name="goalId" value={goalId} />
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField name="value" label={`Measured value (${unit})`} inputMode="decimal" />
        <SelectField name="confidence" label="Confidence" defaultValue="medium" options={CONFIDENCE} />
        <TextField name="measuredOn" label="Measured on" type="date" defaultValue={today} max={today} />
      </div>
      <TextField name="note" label="Note (optional)" maxLength={1000} />
    </ActionForm>
  );
}

export function CorrectCheckInForm({ action, checkIn, today }: { action: FormAction<unknown>; checkIn: { id: string; value: string; confidence: string; note: string; measuredOn: string }; today: string }) {
  return (
    <ActionForm action={action} submitLabel="Save correction" submitVariant="secondary" aria-label="Correct this check-in" resetOnSuccess={false}>
      <input type="hidden" name="checkInId" value={checkIn.id} />
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField name="value" label="Measured value" inputMode="decimal" defaultValue={checkIn.value} />
        <SelectField name="confidence" label="Confidence" defaultValue={checkIn.confidence} options={CONFIDENCE} />
        <TextField name="measuredOn" label="Measured on" type="date" defaultValue={checkIn.measuredOn} max={today} />
      </div>
      <TextField name="note" label="Note" defaultValue={checkIn.note} maxLength={1000} />
    </ActionForm>
  );
}

const NEXT: Record<string, { value: string; label: string }[]> = {
  draft: [{ value: "active", label: "Activate" }, { value: "cancelled", label: "Cancel" }],
  active: [{ value: "achieved", label: "Mark achieved" }, { value: "missed", label: "Mark missed" }, { value: "cancelled", label: "Cancel" }],
};

export function GoalStatusForm({ action, goalId, status }: { action: FormAction<unknown>; goalId: string; status: string }) {
  const options = NEXT[status] ?? [];
  if (!options.length) return <p className="text-sm text-slate-600">This goal is {status}; it is closed.</p>;
  return (
    <ActionForm action={action} submitLabel="Change status" submitVariant="secondary" aria-label="Goal status">
      <input type="hidden" name="goalId" value={goalId} />
      <SelectField name="status" label="New status" options={options} defaultValue={options[0]!.value} />
      <TextField name="reason" label="Reason" maxLength={500} hint="Required when a goal is missed or cancelled." />
    </ActionForm>
  );
}
