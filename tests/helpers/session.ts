import type { Actor } from "@/lib/auth/current-user";

/** Who the mocked `currentUser()` returns; null means signed out. */
export const testSession: { actor: Actor | null } = { actor: null };

export function signInAs(actor: Actor | null) {
  testSession.actor = actor;
}
