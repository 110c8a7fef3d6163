import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { currentUser, type Actor } from "@/lib/auth/current-user";
import { isDomainError, type FieldErrors } from "@/lib/errors";
import { can, type Capability } from "@/lib/permissions";
import { payloadObject, zodFieldErrors } from "@/lib/validation";

export type ActionResult<T> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: string; fieldErrors: FieldErrors };

export type ActionState<T = unknown> = ActionResult<T> | null;

type Options<T> = {
  /** Paths whose cached render must refresh after a successful change ("/x/*": x and everything under it). */
  revalidate?: string[];
  /** A line for the user after success. */
  message?: string | ((data: T) => string);
};

export const SIGNED_OUT_ERROR = "Your session has ended. Sign in again to continue.";
export const UNEXPECTED_ERROR = "Something went wrong on our side and nothing was saved. Please try again.";

/**
 * The one wrapper every server action goes through. A server action is a public POST
 * endpoint, so in this order: who is calling (re-read from the database), is the input valid
 * (every field error, not only the first), may this role do this at all; then the command,
 * which checks the finer rules and writes in one transaction. Errors come back as data,
 * never as a thrown 500, and never echo secrets.
 *
 * The returned function fits React's `useActionState` (previous state, form data) and can
 * also be called with a plain object.
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
      if (!actor) return { ok: false, error: SIGNED_OUT_ERROR, fieldErrors: {} };

      const raw = payloadObject(payload);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: zodFieldErrors(parsed.error) };
      }
      if (!can(actor.role, capability)) {
        return { ok: false, error: "You do not have permission to do that.", fieldErrors: {} };
      }

      const data = await handler(parsed.data, actor);
      for (const path of options.revalidate ?? []) {
        if (path.endsWith("/*")) revalidatePath(path.slice(0, -2) || "/", "layout");
        else revalidatePath(path);
      }
      const message = typeof options.message === "function" ? options.message(data) : options.message;
      return { ok: true, data, message };
    } catch (error) {
      if (isDomainError(error)) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
      console.error("[action] unexpected error", error);
      return { ok: false, error: UNEXPECTED_ERROR, fieldErrors: {} };
    }
  };
}
