"use server";

import { signOutEverywhereCurrentUser } from "@/lib/auth/session-actions";

export async function signOutEverywhereAction() {
  await signOutEverywhereCurrentUser();
}
