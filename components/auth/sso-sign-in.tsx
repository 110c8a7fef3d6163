"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";

/** The single sign-on button: a form posting to the action that redirects to the identity provider. */
export function SsoSignIn({ action, callbackUrl, providerName, primary }: { action: FormAction<never>; callbackUrl: string; providerName: string; primary: boolean }) {
  return (
    <ActionForm
      action={action}
      submitLabel={`Sign in with ${providerName}`}
      pendingLabel={`Going to ${providerName}…`}
      submitVariant={primary ? "primary" : "secondary"}
      aria-label="Single sign-on"
    >
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
    </ActionForm>
  );
}
