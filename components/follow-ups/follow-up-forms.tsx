"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField } from "@/components/forms/fields";
import { TextAreaField } from "@/components/forms/textarea-field";

type A = FormAction<unknown>;
type Ids = { followUpId: string; status: string };

function Hidden({ followUpId, status }: Ids) {
  return (
    <>
      <input type="hidden" name="followUpId" value={followUpId} />
      {/* The status this page showed: a step taken by someone else meanwhile makes this one "stale". */}
      <input type="hidden" name="expectedStatus" value={status} />
    </>
  );
}

export function AcknowledgeForm({ action, ...ids }: Ids & { action: A }) {
  return (
    <ActionForm action={action} submitLabel="Acknowledge" aria-label="Acknowledge">
      <Hidden {...ids} />
      <TextAreaField name="note" label="Note (optional)" maxLength={2000} rows={2} hint="Who is looking into it, or what happens next." />
    </ActionForm>
  );
}

export function TakeActionForm({ action, ...ids }: Ids & { action: A }) {
  return (
    <ActionForm action={action} submitLabel="Record action taken" aria-label="Record action taken">
      <Hidden {...ids} />
      <TextAreaField name="note" label="What was done" maxLength={2000} rows={3} />
    </ActionForm>
  );
}

export function CloseForm({ action, ...ids }: Ids & { action: A }) {
  return (
    <ActionForm action={action} submitLabel="Close follow-up" aria-label="Close follow-up">
      <Hidden {...ids} />
      <TextAreaField name="note" label="Outcome" maxLength={2000} rows={2} hint="How it ended for the customer." />
    </ActionForm>
  );
}

export function ReopenForm({ action, ...ids }: Ids & { action: A }) {
  return (
    <ActionForm action={action} submitLabel="Reopen" submitVariant="secondary" aria-label="Reopen follow-up">
      <Hidden {...ids} />
      <TextAreaField name="note" label="Why it is reopened" maxLength={2000} rows={2} />
    </ActionForm>
  );
}

export function NoteForm({ action, followUpId }: { action: A; followUpId: string }) {
  return (
    <ActionForm action={action} submitLabel="Add note" submitVariant="secondary" aria-label="Add a note">
      <input type="hidden" name="followUpId" value={followUpId} />
      <TextAreaField name="note" label="Note" maxLength={2000} rows={2} />
    </ActionForm>
  );
}

export function LinkGoalForm({ action, followUpId, goals, currentGoalId }: { action: A; followUpId: string; goals: { id: string; title: string }[]; currentGoalId: string | null }) {
  return (
    <ActionForm action={action} submitLabel="Link goal" submitVariant="secondary" aria-label="Link to a goal">
      <input type="hidden" name="followUpId" value={followUpId} />
      <SelectField
        name="goalId"
        label="Goal of this stage"
        placeholder="Choose a goal"
        defaultValue={currentGoalId ?? ""}
        options={goals.map((g) => ({ value: g.id, label: g.title }))}
      />
    </ActionForm>
  );
}

export function NotOurStageForm({ action, followUpId, departments }: { action: A; followUpId: string; departments: { id: string; name: string }[] }) {
  return (
    <ActionForm action={action} submitLabel="Raise dispute" submitVariant="secondary" aria-label="Not our stage">
      <input type="hidden" name="followUpId" value={followUpId} />
      <SelectField name="partyDepartmentIds" label="Department that should own this stage" placeholder="Choose a department" options={departments.map((d) => ({ value: d.id, label: d.name }))} />
      <TextAreaField name="description" label="Why it is not your stage" maxLength={4000} rows={3} />
    </ActionForm>
  );
}
