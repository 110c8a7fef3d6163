export type FieldErrors = Record<string, string[]>;
export type ErrorKind = "invalid" | "not_found" | "forbidden" | "conflict" | "unauthenticated" | "rate_limited" | "stale";

/**
 * An expected refusal: bad input, a missing or hidden thing, a rule that does not allow the
 * change. The action wrapper turns it into `{ ok: false }`; anything else is a bug.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly fieldErrors: FieldErrors = {},
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
export const conflict = (message: string, fieldErrors: FieldErrors = {}) =>
  new DomainError("conflict", message, fieldErrors);

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
