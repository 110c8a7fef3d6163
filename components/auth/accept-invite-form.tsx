"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/fields";
import { PASSWORD_MIN } from "@/lib/form-data";

export function AcceptInviteForm({ action, token, email }: { action: FormAction<never>; token: string; email: string }) {
  return (
    <ActionForm action={action} submitLabel="Set password" aria-label="Choose a password">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <TextField name="password" label="New password" type="password" autoComplete="new-password" hint={`At least ${PASSWORD_MIN} characters.`} required />
      <TextField name="confirm" label="Repeat the password" type="password" autoComplete="new-password" required />
    </ActionForm>
  );
}
