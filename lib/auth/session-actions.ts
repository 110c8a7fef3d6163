import { AuthError, type CredentialsSignin } from "next-auth";
import type { ActionResult } from "@/lib/actions";
import { isDatabaseTimeout, isDatabaseUnavailable, timedOutResult, unavailableResult } from "@/lib/unavailable";
import { payloadObject, zodFieldErrors } from "@/lib/validation";
import { signIn, signOut } from "./config";
import { signInSchema } from "./credentials";
import { ssoStartSchema } from "./credentials-schema";
import { currentSession, currentUser } from "./current-user";
import { plural } from "@/lib/format";
import { safeCallbackUrl } from "./redirect";
import { endSession, signOutEverywhere } from "./session-commands";
import { passwordSignInEnabled, SSO_PROVIDER_ID, ssoConfig } from "./sso";
import { SIGN_IN_IP_WINDOW_MINUTES, SIGN_IN_WINDOW_MINUTES } from "./throttle";

export const GENERIC_SIGN_IN_ERROR = "That email and password do not match an active account.";
export const LOCKED_SIGN_IN_ERROR = `Too many failed attempts for this email. Try again in ${plural(SIGN_IN_WINDOW_MINUTES, "minute")}, or ask an admin for a new sign-in link.`;
export const ADDRESS_LIMITED_SIGN_IN_ERROR = `Too many failed sign-ins from your network. Try again in ${plural(SIGN_IN_IP_WINDOW_MINUTES, "minute")}.`;

export const PASSWORDS_OFF_ERROR = `Passwords are turned off here: sign in with ${ssoConfig?.name ?? "single sign-on"}.`;
export const SSO_UNREACHABLE_ERROR = `${ssoConfig?.name ?? "The identity provider"} cannot be reached just now. Try again in a moment.`;

/** Signs in with email and password; on success Auth.js redirects (NEXT_REDIRECT is rethrown). */
export async function signInWithPassword(form: unknown): Promise<ActionResult<never>> {
  // AUTH_SSO_ONLY: refused before anything is read or checked (the form is not even shown).
  if (!passwordSignInEnabled) return { ok: false, code: "forbidden", error: PASSWORDS_OFF_ERROR, fieldErrors: {} };
  // A server action is a public endpoint: the payload may be anything, not only a form.
  const raw = payloadObject(form);
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "invalid", error: "Please correct the highlighted fields.", fieldErrors: zodFieldErrors(parsed.error) };
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallbackUrl(raw.callbackUrl),
    });
  } catch (error) {
    if (error instanceof AuthError) {
      // Not "wrong password" while the database is away: nothing could be checked.
      if (isDatabaseUnavailable(error)) return unavailableResult();
      if (isDatabaseTimeout(error)) return timedOutResult();
      const code = error.type === "CredentialsSignin" ? (error as CredentialsSignin).code : null;
      if (code === "locked") return { ok: false, code: "rate_limited", error: LOCKED_SIGN_IN_ERROR, fieldErrors: {} };
      if (code === "rate_limited") return { ok: false, code: "rate_limited", error: ADDRESS_LIMITED_SIGN_IN_ERROR, fieldErrors: {} };
      return { ok: false, code: "invalid", error: GENERIC_SIGN_IN_ERROR, fieldErrors: {} };
    }
    throw error;
  }
  return { ok: false, code: "invalid", error: GENERIC_SIGN_IN_ERROR, fieldErrors: {} };
}

/**
 * Starts single sign-on: Auth.js redirects the browser to the identity provider (NEXT_REDIRECT
 * is rethrown); the provider sends it back to /api/auth/callback/oidc.
 */
export async function signInWithSsoRedirect(form: unknown): Promise<ActionResult<never>> {
  const parsed = ssoStartSchema.safeParse(payloadObject(form));
  if (!parsed.success) return { ok: false, code: "invalid", error: "Please correct the highlighted fields.", fieldErrors: zodFieldErrors(parsed.error) };
  if (!ssoConfig) return { ok: false, code: "not_found", error: "Single sign-on is not set up here.", fieldErrors: {} };
  try {
    await signIn(SSO_PROVIDER_ID, { redirectTo: safeCallbackUrl(parsed.data.callbackUrl) });
  } catch (error) {
    // Discovery failed: the provider is down or OIDC_ISSUER is wrong (the log says which).
    if (error instanceof AuthError) {
      console.error("[auth] single sign-on could not start:", error.message);
      return { ok: false, code: "unavailable", error: SSO_UNREACHABLE_ERROR, fieldErrors: {} };
    }
    throw error;
  }
  return { ok: false, code: "unavailable", error: SSO_UNREACHABLE_ERROR, fieldErrors: {} };
}

/**
 * Ends this session on the server first (so a copy of the cookie stops working), then clears
 * the cookie. If the database cannot be reached the error surfaces instead of a sign-out that
 * only looks done.
 */
export async function signOutCurrentUser(): Promise<void> {
  const session = await currentSession();
  if (session) await endSession({ sessionId: session.sessionId });
  await signOut({ redirectTo: "/sign-in" });
}

/** Ends every session of the signed-in user, on every device, this one included. */
export async function signOutEverywhereCurrentUser(): Promise<void> {
  const actor = await currentUser();
  if (actor) await signOutEverywhere({ actor });
  await signOut({ redirectTo: "/sign-in?reason=signed-out-everywhere" });
}
