"use server";

import { redirect } from "next/navigation";
import { failure, INVALID_ERROR, toActionFailure, type ActionResult } from "@/lib/actions";
import { acceptInvite } from "@/lib/users/commands";
import { acceptInviteSchema } from "@/lib/users/schemas";
import { payloadObject, zodFieldErrors } from "@/lib/validation";

// Public by design: holding the one-time link is the authorisation.
export async function acceptInviteAction(_prev: unknown, form: FormData | Record<string, unknown>): Promise<ActionResult<never>> {
  // Public, so the payload may be anything a client sends, not only a form.
  const parsed = acceptInviteSchema.safeParse(payloadObject(form));
  if (!parsed.success) return failure("invalid", INVALID_ERROR, zodFieldErrors(parsed.error));
  let email: string;
  try {
    ({ email } = await acceptInvite(parsed.data));
  } catch (e) {
    return toActionFailure(e, "invite");
  }
  redirect(`/sign-in?reason=password-set&email=${encodeURIComponent(email)}`);
}
