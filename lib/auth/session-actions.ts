import { AuthError, type CredentialsSignin } from "next-auth";
import { getDb } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { ActionResult } from "@/lib/actions";
import { payloadObject, zodFieldErrors } from "@/lib/validation";
import { signIn, signOut } from "./config";
import { signInSchema } from "./credentials";
import { currentUser } from "./current-user";
import { safeCallbackUrl } from "./redirect";
import { SIGN_IN_WINDOW_MINUTES } from "./throttle";

export const GENERIC_SIGN_IN_ERROR = "That email and password do not match an active account.";
export const LOCKED_SIGN_IN_ERROR = `Too many failed attempts for this email. Try again in ${SIGN_IN_WINDOW_MINUTES} minutes, or ask an admin for a new sign-in link.`;

/** Signs in with email and password; on success Auth.js redirects (NEXT_REDIRECT is rethrown). */
export async function signInWithPassword(form: unknown): Promise<ActionResult<never>> {
  // A server action is a public endpoint: the payload may be anything, not only a form.
  const raw = payloadObject(form);
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: zodFieldErrors(parsed.error) };
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallbackUrl(raw.callbackUrl),
    });
  } catch (error) {
    if (error instanceof AuthError) {
      const locked = error.type === "CredentialsSignin" && (error as CredentialsSignin).code === "locked";
      return { ok: false, error: locked ? LOCKED_SIGN_IN_ERROR : GENERIC_SIGN_IN_ERROR, fieldErrors: {} };
    }
    throw error;
  }
  return { ok: false, error: GENERIC_SIGN_IN_ERROR, fieldErrors: {} };
}

export async function signOutCurrentUser(): Promise<void> {
  const actor = await currentUser();
  if (actor) {
    const db = await getDb();
    await recordAudit(db, { actorId: actor.id, action: "auth.signed_out", entityType: "session", entityId: actor.id, after: { email: actor.email.toLowerCase(), outcome: "success" } });
  }
  await signOut({ redirectTo: "/sign-in" });
}
