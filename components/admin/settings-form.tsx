"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField, type Option } from "@/components/forms/fields";

type Props = {
  action: FormAction<void>;
  settings: { disputeSlaDays: number; staleCheckInDays: number; timeZone: string };
  /** Every zone an admin may choose, from the server (browsers list zones differently). */
  timeZones: Option[];
};

export function SettingsForm({ action, settings, timeZones }: Props) {
  return (
    <ActionForm action={action} submitLabel="Save settings" aria-label="Settings" resetOnSuccess={false}>
      <SelectField
        name="timeZone"
        label="Time zone"
        options={timeZones}
        defaultValue={settings.timeZone}
        hint="The organisation's clock: “today”, due dates, stale periods and every date and time shown are in this zone."
      />
      <TextField
        name="disputeSlaDays"
        label="Dispute service level (days)"
        type="number"
        inputMode="numeric"
        min={1}
        max={365}
        defaultValue={settings.disputeSlaDays}
        hint="A dispute is due by the end of the day this many days after it is raised."
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
