"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/fields";
import { TextAreaField } from "@/components/forms/textarea-field";

/** A stage's place on the map: its phase, and the touchpoints and channels the customer meets it through. */
export function StageMapForm({ action, stage }: { action: FormAction<void>; stage: { id: string; phase: string; touchpoints: string[]; channels: string[] } }) {
  return (
    <ActionForm action={action} submitLabel="Save phase and touchpoints" aria-label="Phase, touchpoints and channels" resetOnSuccess={false}>
      <input type="hidden" name="stageId" value={stage.id} />
      <TextField name="phase" label="Phase" defaultValue={stage.phase} maxLength={60} hint='Groups neighbouring stages on the map, e.g. "Discover", "Buy", "Use", "Recommend".' />
      <TextAreaField name="touchpoints" label="Touchpoints" defaultValue={stage.touchpoints.join("\n")} rows={3} hint="One per line (or separated by commas): where the customer meets the company here. Up to 20." />
      <TextAreaField name="channels" label="Channels" defaultValue={stage.channels.join("\n")} rows={2} hint="One per line (or separated by commas), e.g. web, phone, store. Up to 20." />
    </ActionForm>
  );
}
