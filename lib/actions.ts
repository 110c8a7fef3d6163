import type { z } from "zod";
import { currentUser, type Actor } from "@/lib/auth/current-user";
import { CONCURRENT_CHANGE_ERROR, isDomainError, type ErrorDetail, type ErrorKind, type FieldErrors } from "@/lib/errors";
import { can, type Capability } from "@/lib/permissions";
import { isDatabaseTimeout, isDatabaseUnavailable, timedOutResult, unavailableResult } from "@/lib/unavailable";
import { isConcurrencyFailure } from "@/lib/tx";
import { payloadObject, zodFieldErrors } from "@/lib/validation";

/**
 * A refusal as data. `code` is what callers branch on (see ERROR_KIND_MEANINGS); `error` is the
 * sentence for the person; `detail`, when present, carries typed facts for a next step.
 */
export type ActionFailure = { ok: false; code: ErrorKind; error: string; fieldErrors: FieldErrors; detail?: ErrorDetail };

export type ActionResult<T> = { ok: true; data: T; message?: string } | ActionFailure;

export type ActionState<T = unknown> = ActionResult<T> | null;

type Options<T> = {
  /** A line for the user after success. */
  message?: string | ((data: T) => string);
};

export const SIGNED_OUT_ERROR = "Your session has ended. Sign in again to continue.";
export const UNEXPECTED_ERROR = "Something went wrong on our side and nothing was saved. Please try again.";
export const FORBIDDEN_ERROR = "You do not have permission to do that.";
export const INVALID_ERROR = "Please correct the highlighted fields.";

export const failure = (code: ErrorKind, error: string, fieldErrors: FieldErrors = {}, detail?: ErrorDetail): ActionFailure =>
  detail ? { ok: false, code, error, fieldErrors, detail } : { ok: false, code, error, fieldErrors };

/**
 * Turns anything a command threw into the answer a caller sees. A domain refusal keeps its
 * kind 1:1; a concurrency failure that escaped the retries is a `conflict` that says so; the
 * database away or stopping a statement for its time is `unavailable` in those words; only a
 * real bug is logged and answered `unavailable`, without its text (it may hold secrets).
 */
export function toActionFailure(error: unknown, context = "action"): ActionFailure {
  if (isDomainError(error)) return failure(error.kind, error.message, error.fieldErrors, error.detail);
  if (isConcurrencyFailure(error)) return failure("conflict", CONCURRENT_CHANGE_ERROR);
  // The database being away is not a bug: say so, nothing was saved.
  if (isDatabaseUnavailable(error)) return unavailableResult();
  // A statement the database stopped for running too long: the person can try again.
  if (isDatabaseTimeout(error)) {
    console.warn(`[${context}] statement stopped by the statement timeout (57014)`);
    return timedOutResult();
  }
  console.error(`[${context}] unexpected error`, error);
  return failure("unavailable", UNEXPECTED_ERROR);
}

/**
 * The one wrapper every server action goes through. A server action is a public POST
 * endpoint, so in this order: who is calling (re-read from the database), is the input valid
 * (every field error, not only the first), may this role do this at all; then the command,
 * which checks the finer rules and writes in one transaction. Errors come back as data,
 * never as a thrown 500, and never echo secrets.
 *
 * The returned function fits React's `useActionState` (previous state, form data) and can
 * also be called with a plain object. Its answer is only the result: the page is refreshed by the
 * caller (components/forms/submission.tsx), not re-rendered into this response.
 */
export function authedAction<S extends z.ZodType, T>(
  schema: S,
  capability: Capability,
  handler: (input: z.output<S>, actor: Actor) => Promise<T>,
  options: Options<T> = {},
) {
  return async function action(_prev: unknown, payload: FormData | z.input<S>): Promise<ActionResult<T>> {
    try {
      const actor = await currentUser();
      if (!actor) return failure("unauthenticated", SIGNED_OUT_ERROR);

      // A form, or an object of fields; anything else (a number, a string, an array, null) is
      // not a request any form of ours makes, so it is refused rather than read as "no fields".
      if (!(payload instanceof FormData) && Object.prototype.toString.call(payload) !== "[object Object]") {
        return failure("invalid", INVALID_ERROR, { _form: ["Send the form's fields."] });
      }
      const raw = payloadObject(payload);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        return failure("invalid", INVALID_ERROR, zodFieldErrors(parsed.error));
      }
      if (!can(actor.role, capability)) {
        return failure("forbidden", FORBIDDEN_ERROR);
      }

      const data = await handler(parsed.data, actor);
      // No revalidatePath here: the pages read the database on every request (nothing is cached
      // on the server), and revalidating would make this POST's answer re-render the whole page it
      // came from. The browser refreshes the route itself after a success (useSubmission), and a
      // form posted without JavaScript gets the freshly rendered page anyway (decision h1).
      const message = typeof options.message === "function" ? options.message(data) : options.message;
      return { ok: true, data, message };
    } catch (error) {
      return toActionFailure(error);
    }
  };
}
