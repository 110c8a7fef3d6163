"use server";

import { signInWithPassword, signInWithSsoRedirect, signOutCurrentUser } from "@/lib/auth/session-actions";

export async function signInAction(_prev: unknown, form: FormData | Record<string, unknown>) {
  return signInWithPassword(form);
}

/** "Sign in with <provider>": off to the identity provider. */
export async function ssoSignInAction(_prev: unknown, form: FormData | Record<string, unknown>) {
  return signInWithSsoRedirect(form);
}

export async function signOutAction() {
  await signOutCurrentUser();
}
