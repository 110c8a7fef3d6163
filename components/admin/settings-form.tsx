"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField, type Option } from "@/components/forms/fields";

type Props = {
  action: FormAction<void>;
  settings: {
    disputeSlaDays: number;
    staleCheckInDays: number;
    timeZone: string;
    negativeCsatMax: string;
    negativeNpsMax: string;
    negativeCesMax: string;
    followUpSlaDays: number;
    signalRetentionMonths: number | null;
    measuredMinSample: number;
  };
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
      <fieldset className="space-y-4 border-t border-slate-200 pt-4">
        <legend className="text-sm font-semibold text-slate-900">Customer signals</legend>
        <p className="text-xs text-slate-600">A score at or below its scale&apos;s threshold is negative: it counts as negative and opens a follow-up for the stage&apos;s owner.</p>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField name="negativeCsatMax" label="Negative CSAT (1–5) at most" inputMode="decimal" defaultValue={settings.negativeCsatMax} />
          <TextField name="negativeNpsMax" label="Negative NPS (0–10) at most" inputMode="decimal" defaultValue={settings.negativeNpsMax} />
          <TextField name="negativeCesMax" label="Negative CES (1–7) at most" inputMode="decimal" defaultValue={settings.negativeCesMax} />
        </div>
        <TextField
          name="followUpSlaDays"
          label="Follow-up service level (days)"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          defaultValue={settings.followUpSlaDays}
          hint="A follow-up is due this many days after it opens."
        />
        <TextField
          name="signalRetentionMonths"
          label="Keep verbatim comments for (months)"
          type="number"
          inputMode="numeric"
          min={1}
          max={120}
          defaultValue={settings.signalRetentionMonths ?? ""}
          hint="Comments older than this are deleted each night; scores stay. Leave blank to keep them."
        />
        <TextField
          name="measuredMinSample"
          label="Minimum sample (signals)"
          type="number"
          inputMode="numeric"
          min={1}
          max={10000}
          defaultValue={settings.measuredMinSample}
          hint="A stage's measured emotion from fewer scored signals is marked as a thin sample."
        />
      </fieldset>
    </ActionForm>
  );
}
