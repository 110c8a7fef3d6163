import { z } from "zod";
import { ERROR_KINDS, type ErrorKind, type FieldErrors } from "@/lib/errors";

// Every refusal of the REST API is one JSON shape, RFC 9457 "problem details"
// (application/problem+json), carrying the app's own error `code` (lib/errors.ts) and, for
// invalid input, every field error. Callers branch on `code`, never on `title` or `detail`.

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export const problemSchema = z.object({
  type: z.string().describe("A URI naming the kind of problem: the reference page's section for its code."),
  title: z.string().describe("A short summary of the kind of problem."),
  status: z.number().int().describe("The HTTP status."),
  detail: z.string().describe("What went wrong this time, in a sentence for a person."),
  code: z.enum(ERROR_KINDS).describe("The app's error code (see the reference page); branch on this."),
  errors: z.record(z.string(), z.array(z.string())).describe("Field errors: each field's problems, in words (empty when none)."),
});
export type Problem = z.infer<typeof problemSchema>;

export const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale: 409,
  rate_limited: 429,
  unavailable: 503,
};

export const TITLE_OF: Record<ErrorKind, string> = {
  invalid: "Invalid request",
  unauthenticated: "Authentication required",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  stale: "Stale",
  rate_limited: "Too many requests",
  unavailable: "Unavailable",
};

export function problem(code: ErrorKind, detail: string, { errors = {}, status = STATUS_OF[code], headers = {} }: { errors?: FieldErrors; status?: number; headers?: Record<string, string> } = {}): Response {
  const body: Problem = { type: `/api-reference#problem-${code}`, title: TITLE_OF[code], status, detail, code, errors };
  return new Response(JSON.stringify(body), { status, headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...headers } });
}
