"use server";

import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/actions";
import { isDomainError } from "@/lib/errors";
import { acceptInvite } from "@/lib/users/commands";
import { acceptInviteSchema } from "@/lib/users/schemas";
import { payloadObject, zodFieldErrors } from "@/lib/validation";

// Public by design: holding the one-time link is the authorisation.
export async function acceptInviteAction(_prev: unknown, form: FormData | Record<string, unknown>): Promise<ActionResult<never>> {
  // Public, so the payload may be anything a client sends, not only a form.
  const parsed = acceptInviteSchema.safeParse(payloadObject(form));
  if (!parsed.success) return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: zodFieldErrors(parsed.error) };
  let email: string;
  try {
    ({ email } = await acceptInvite(parsed.data));
  } catch (e) {
    if (isDomainError(e)) return { ok: false, error: e.message, fieldErrors: e.fieldErrors };
    console.error("[invite] unexpected error", e);
    return { ok: false, error: "Something went wrong on our side and nothing was saved. Please try again.", fieldErrors: {} };
  }
  redirect(`/sign-in?reason=password-set&email=${encodeURIComponent(email)}`);
}
