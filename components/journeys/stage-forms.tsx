"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/fields";
import { EMOTION_LABELS } from "./labels";

const emotionOptions = [2, 1, 0, -1, -2].map((v) => ({ value: String(v), label: `${v > 0 ? "+" : ""}${v} ${EMOTION_LABELS[String(v)]}` }));

function StageFields({ stage }: { stage?: { name: string; customerGoal: string; emotionScore: number | null } }) {
  return (
    <>
      <TextField name="name" label="Stage name" defaultValue={stage?.name} maxLength={120} required />
      <TextField name="customerGoal" label="What the customer is trying to do" defaultValue={stage?.customerGoal} maxLength={1000} />
      <SelectField name="emotionScore" label="Emotion score" defaultValue={stage?.emotionScore === null || stage?.emotionScore === undefined ? "" : String(stage.emotionScore)} options={emotionOptions} placeholder="Not scored" hint="How the customer feels at this stage, from −2 to +2." />
    </>
  );
}

export function AddStageForm({ action, journeyId }: { action: FormAction<{ stageId: string }>; journeyId: string }) {
  return (
    <ActionForm action={action} submitLabel="Add stage" aria-label="Add a stage">
      <input type="hidden" name="journeyId" value={journeyId} />
      <StageFields />
    </ActionForm>
  );
}

export function EditStageForm({ action, stage }: { action: FormAction<void>; stage: { id: string; name: string; customerGoal: string; emotionScore: number | null } }) {
  return (
    <ActionForm action={action} submitLabel="Save stage" aria-label="Edit stage" resetOnSuccess={false}>
      <input type="hidden" name="stageId" value={stage.id} />
      <StageFields stage={stage} />
    </ActionForm>
  );
}

export function ArchiveStageForm({ action, stageId }: { action: FormAction<void>; stageId: string }) {
  return (
    <ActionForm action={action} submitLabel="Archive stage" submitVariant="danger" aria-label="Archive stage">
      <input type="hidden" name="stageId" value={stageId} />
      <TextField name="reason" label="Reason (optional)" maxLength={500} hint="The stage leaves the journey; its ownership history stays in the log." />
    </ActionForm>
  );
}
