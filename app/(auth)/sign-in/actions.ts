"use server";

import { signInWithPassword, signOutCurrentUser } from "@/lib/auth/session-actions";

export async function signInAction(_prev: unknown, form: FormData | Record<string, unknown>) {
  return signInWithPassword(form);
}

export async function signOutAction() {
  await signOutCurrentUser();
}
