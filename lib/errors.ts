export type FieldErrors = Record<string, string[]>;

/**
 * What kind of refusal an error is: the closed set that server actions return as `code` and
 * that components, commands and the REST API branch on. Nobody matches an error's wording.
 */
export const ERROR_KINDS = ["invalid", "forbidden", "not_found", "conflict", "stale", "rate_limited", "unavailable", "unauthenticated"] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const ERROR_KIND_MEANINGS: Record<ErrorKind, string> = {
  invalid: "The input is malformed or breaks a field rule; the field errors say which and why.",
  forbidden: "The caller's role or department may not do this.",
  not_found: "The thing does not exist, or the caller may not see it (the two read the same).",
  conflict: "The current state does not allow it, or someone else changed it at the same moment.",
  stale: "The caller acted on a view that has changed since (an expected position or version no longer holds): reload, then retry.",
  rate_limited: "Too many attempts in a short time; wait before trying again.",
  unavailable: "The server could not complete it right now (a fault or a dependency down); nothing was saved.",
  unauthenticated: "Nobody is signed in, or the session has ended.",
};

/**
 * Typed facts about a refusal, for callers that offer a next step (e.g. "raise an ownership
 * dispute" when a stage is already owned). Closed like the kinds: add a reason here, never
 * parse a message.
 */
export type ErrorDetail =
  | { reason: "already_owned"; departmentId: string; departmentName: string }
  | { reason: "unchanged" };

/**
 * An expected refusal: bad input, a missing or hidden thing, a rule that does not allow the
 * change. The action wrapper turns it into `{ ok: false, code: kind }`; anything else is a bug.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly fieldErrors: FieldErrors = {},
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (message: string, fieldErrors: FieldErrors = {}) =>
  new DomainError("invalid", message, fieldErrors);
// "Not found" and "not allowed" read the same to a caller who may not see the thing.
export const notFound = (what: string) => new DomainError("not_found", `${what} was not found.`);
export const forbidden = (message = "You do not have permission to do that.") =>
  new DomainError("forbidden", message);
export const conflict = (message: string, fieldErrors: FieldErrors = {}, detail?: ErrorDetail) =>
  new DomainError("conflict", message, fieldErrors, detail);
export const stale = (message: string) => new DomainError("stale", message);

/** What the loser of a write race hears when retrying did not help: specific, and true. */
export const CONCURRENT_CHANGE_ERROR = "Someone else changed this at the same moment; nothing was saved — please try again.";
export const concurrentChange = () => new DomainError("conflict", CONCURRENT_CHANGE_ERROR);

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** Postgres error code of a driver error (postgres.js or PGlite), if any. */
export function pgErrorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function pgConstraint(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const c = (cur as { constraint_name?: unknown; constraint?: unknown }).constraint_name ??
      (cur as { constraint?: unknown }).constraint;
    if (typeof c === "string") return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
