"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField } from "@/components/forms/fields";
import { CHANNEL_LABELS, CHANNELS, NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type Channel } from "@/lib/notifications/preference-kinds";

export function NotificationPreferencesForm({ action, current, emailOn }: { action: FormAction<void>; current: Record<string, Channel>; emailOn: boolean }) {
  const options = CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }));
  return (
    <ActionForm action={action} submitLabel="Save preferences" aria-label="Notification preferences" resetOnSuccess={false}>
      {!emailOn ? <p className="text-sm text-amber-900">Email is not set up on this server yet: until an administrator sets it up, every notification stays in the app.</p> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {NOTIFICATION_KINDS.map((k) => (
          <SelectField key={k} name={k} label={NOTIFICATION_KIND_LABELS[k]} options={options} defaultValue={current[k]} />
        ))}
      </div>
    </ActionForm>
  );
}
