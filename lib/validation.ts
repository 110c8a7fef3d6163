import { z } from "zod";
import type { FieldErrors } from "@/lib/errors";
import { formDataToObject, PASSWORD_MIN } from "@/lib/form-data";
import { dateProblem } from "@/lib/time";

export { formDataToObject, PASSWORD_MIN };

// zod compiles object parsers with `new Function` when it may; the Content-Security-Policy
// forbids eval, and even zod's probe for it shows up as a violation. Every schema is built
// through this module, so it is set here, before any parse. (Schemas no longer reach the
// browser: client components import lib/form-data, and the server's answer names every error.)
z.config({ jitless: true });

/**
 * A server action's payload as a plain object: a form's entries, or an object sent as is.
 * Anything else (a string, a list, a Map a hand-made request smuggled in) reads as an empty
 * form, so the schema names every missing field instead of the action crashing.
 */
export function payloadObject(payload: unknown): Record<string, unknown> {
  if (payload instanceof FormData) return formDataToObject(payload);
  if (Object.prototype.toString.call(payload) === "[object Object]") return payload as Record<string, unknown>;
  return {};
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

// ── Text ────────────────────────────────────────────────────────────────────────────────
// Every text field of every schema starts from safeText, so no stored text holds a character
// a person cannot see or the database refuses: NUL and the other control characters (tab and
// line breaks excepted), the bidirectional overrides and isolates that make text display in a
// different order than it is stored ("Trojan Source"), and lone UTF-16 surrogates (half an
// emoji, which PostgreSQL cannot store).

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;

/** What is wrong with a text, in words for the person who typed it; null when it is clean. */
export function textProblem(text: string): string | null {
  let position = 0; // in characters as a person counts them, from 1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    position++;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `Remove the broken character at position ${position} (half of an emoji or symbol).`;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return `Remove the broken character at position ${position} (half of an emoji or symbol).`;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) {
      return `Remove the invisible control character (${hex(c)}) at position ${position}.`;
    }
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
      return `Remove the invisible text-direction character (${hex(c)}) at position ${position}.`;
    }
  }
  return null;
}

/**
 * A string that holds no unsafe character (see textProblem). Checked before trimming, so the
 * position is the one in what was typed. `required` is the message for a missing value.
 */
export const safeText = (required = "This field must be text.") =>
  z.string({ error: required }).superRefine((v, ctx) => {
    const problem = textProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const textField = (label: string, max: number, min = 1) =>
  safeText(`${label} is required.`)
    .trim()
    .min(min, min === 1 ? `${label} is required.` : `${label} must be at least ${min} characters.`)
    .max(max, `${label} must be at most ${max} characters.`);

/** Optional text: missing (null/undefined, as an absent form field) reads as "". */
export const optionalTextField = (label: string, max: number) =>
  z.preprocess(
    (v) => (v == null ? "" : v),
    safeText(`${label} must be text.`).trim().max(max, `${label} must be at most ${max} characters.`),
  );

// ── Dates ───────────────────────────────────────────────────────────────────────────────
// Every calendar date that arrives as text is checked by lib/time's one parser (dateProblem:
// format, real day, year range); these are its zod forms.
export { dateProblem, isIsoDate, MAX_YEAR, MIN_YEAR } from "@/lib/time";

/** A date field; blank is allowed when `optional` (then it reads as ""). */
export const dateField = (label: string, { optional = false, required }: { optional?: boolean; required?: string } = {}) =>
  z.preprocess(
    (v) => (v == null ? "" : v),
    safeText(`${label} must be a date (YYYY-MM-DD).`)
      .trim()
      .superRefine((v, ctx) => {
        if (v === "") {
          if (!optional) ctx.addIssue({ code: "custom", message: required ?? `${label} is required.` });
          return;
        }
        if (textProblem(v)) return; // already named by safeText
        const problem = dateProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: `${label} ${problem}` });
      }),
  );

// ── URL filters ─────────────────────────────────────────────────────────────────────────
// Filters come from the address bar, where anything can be typed. A bad one is ignored (the
// schema's `.catch`), and parseFilters names it so the page can say so.

/** A text filter such as a search box. */
export const textParam = (max: number) => safeText().trim().max(max, `must be at most ${max} characters.`);

/** A date filter. */
export const dateParam = z.string().superRefine((v, ctx) => {
  const problem = dateProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export type IgnoredFilter = { name: string; problem: string };

/**
 * Parses URL search parameters with a schema whose fields each fall back (`.catch`) when
 * invalid, and lists the fields that fell back although a value was given, with why.
 */
export function parseFilters<S extends z.ZodObject>(
  schema: S,
  raw: Record<string, string | string[] | undefined>,
): { filter: z.output<S>; ignored: IgnoredFilter[] } {
  const ignored: IgnoredFilter[] = [];
  for (const [name, field] of Object.entries(schema.shape)) {
    const value = raw[name];
    if (value === undefined || value === "") continue;
    const inner = field instanceof z.ZodCatch ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    const result = inner.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const specific = issue?.code === "custom" || issue?.code === "too_big";
      ignored.push({ name, problem: Array.isArray(value) ? "was given more than once." : specific ? issue.message : "is not a valid value." });
    }
  }
  return { filter: schema.parse(raw), ignored };
}

// ── Other fields ────────────────────────────────────────────────────────────────────────
export const uuidField = (what: string) =>
  z.string({ error: `Choose ${what}.` }).trim().min(1, `Choose ${what}.`).pipe(z.uuid(`That ${what} does not exist.`));

export const optionalUuidField = (what: string) =>
  z.preprocess(
    (v) => (v === "" || v === null || v === undefined ? null : v),
    z.string().trim().pipe(z.uuid(`That ${what} does not exist.`)).nullable(),
  );

export const emailField = safeText("Email is required.")
  .trim()
  .min(1, "Email is required.")
  .max(254, "Email must be at most 254 characters.")
  .pipe(z.email("Enter a valid email address, like name@company.com."));

export const checkboxField = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const passwordField = safeText("Password is required.")
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
  .max(256, "Password must be at most 256 characters.");

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID_RE.test(v);

/** Escapes LIKE/ILIKE wildcards so user text matches literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
