"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/fields";

export function RequestLinkForm({ action }: { action: FormAction<null> }) {
  return (
    <ActionForm action={action} submitLabel="Email me a link" pendingLabel="Sending…" aria-label="Email me a link to set a new password">
      <TextField name="email" label="Email" type="email" autoComplete="username" maxLength={254} required />
    </ActionForm>
  );
}
