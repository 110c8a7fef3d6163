"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/fields";
import { updateSettingsSchema } from "@/lib/settings/schemas";

export function SettingsForm({ action, settings }: { action: FormAction<void>; settings: { disputeSlaDays: number; staleCheckInDays: number } }) {
  return (
    <ActionForm action={action} schema={updateSettingsSchema} submitLabel="Save settings" aria-label="Settings">
      <TextField
        name="disputeSlaDays"
        label="Dispute service level (days)"
        type="number"
        inputMode="numeric"
        min={1}
        max={365}
        defaultValue={settings.disputeSlaDays}
        hint="A dispute is due this many days after it is raised."
      />
      <TextField
        name="staleCheckInDays"
        label="Stale check-in period (days)"
        type="number"
        inputMode="numeric"
        min={1}
        max={365}
        defaultValue={settings.staleCheckInDays}
        hint="A goal with no check-in for this long is flagged as stale."
      />
    </ActionForm>
  );
}
