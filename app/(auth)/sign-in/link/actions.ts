"use server";

import { headers } from "next/headers";
import { failure, INVALID_ERROR, toActionFailure, type ActionResult } from "@/lib/actions";
import { clientAddress } from "@/lib/auth/client-address";
import { LINK_REQUEST_ANSWER, requestPasswordLink } from "@/lib/users/email-links";
import { requestPasswordLinkSchema } from "@/lib/users/schemas";
import { payloadObject, zodFieldErrors } from "@/lib/validation";

// Public by design: anyone may ask; only the address's owner, if active, receives anything, and the
// answer is the same whether or not the address is anyone's (lib/users/email-links.ts).
export async function requestPasswordLinkAction(_prev: unknown, form: FormData | Record<string, unknown>): Promise<ActionResult<null>> {
  const parsed = requestPasswordLinkSchema.safeParse(payloadObject(form));
  if (!parsed.success) return failure("invalid", INVALID_ERROR, zodFieldErrors(parsed.error));
  try {
    await requestPasswordLink({ email: parsed.data.email, clientAddress: clientAddress(await headers()) });
  } catch (e) {
    return toActionFailure(e, "password-link");
  }
  return { ok: true, data: null, message: LINK_REQUEST_ANSWER };
}
