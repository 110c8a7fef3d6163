import { z } from "zod";
import type { FieldErrors } from "@/lib/errors";

/** FormData → plain object; repeated keys become arrays; Next's internal `$ACTION_` keys are dropped. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION")) continue;
    const v = typeof value === "string" ? value : value.name;
    const prev = out[key];
    if (prev === undefined) out[key] = v;
    else out[key] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Every issue, grouped by field path ("_form" for whole-object issues). */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

// Reusable field schemas with human messages.
export const uuidField = (what: string) =>
  z.string({ error: `Choose ${what}.` }).trim().min(1, `Choose ${what}.`).pipe(z.uuid(`That ${what} does not exist.`));

export const optionalUuidField = (what: string) =>
  z.preprocess(
    (v) => (v === "" || v === null || v === undefined ? null : v),
    z.string().trim().pipe(z.uuid(`That ${what} does not exist.`)).nullable(),
  );

export const textField = (label: string, max: number, min = 1) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(min, min === 1 ? `${label} is required.` : `${label} must be at least ${min} characters.`)
    .max(max, `${label} must be at most ${max} characters.`);

export const emailField = z
  .string({ error: "Email is required." })
  .trim()
  .min(1, "Email is required.")
  .max(254, "Email must be at most 254 characters.")
  .pipe(z.email("Enter a valid email address, like name@company.com."));

export const checkboxField = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const PASSWORD_MIN = 12;
export const passwordField = z
  .string({ error: "Password is required." })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
  .max(256, "Password must be at most 256 characters.");

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID_RE.test(v);

/** Escapes LIKE/ILIKE wildcards so user text matches literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
