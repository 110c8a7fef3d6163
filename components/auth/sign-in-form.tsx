"use client";

import Link from "next/link";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/fields";
import { Alert } from "@/components/ui/alert";

export function SignInForm({ action, callbackUrl, notice, defaultEmail }: { action: FormAction<never>; callbackUrl: string; notice: string | null; defaultEmail?: string }) {
  return (
    <div className="space-y-4">
      {notice ? <Alert tone="info">{notice}</Alert> : null}
      <ActionForm action={action} submitLabel="Sign in" pendingLabel="Signing in…" aria-label="Sign in">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <TextField name="email" label="Email" type="email" autoComplete="username" defaultValue={defaultEmail} required />
        <TextField name="password" label="Password" type="password" autoComplete="current-password" required />
      </ActionForm>
      <p className="text-sm">
        <Link href="/sign-in/link" className="font-medium text-brand-700 underline">Forgot your password?</Link>
      </p>
    </div>
  );
}
