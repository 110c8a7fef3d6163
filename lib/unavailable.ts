// The database being away (restarting, unreachable, refusing connections) is not a bug in the
// request: it gets its own answer, 503 and "try again", and never the generic crash message.
// Pure module: the client error boundary imports the message and digest from here.

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable; try again in a moment.";
/** The digest a server component's error carries when the database was away (see db/client.ts). */
export const DATABASE_UNAVAILABLE_DIGEST = "THROUGHLINE_DATABASE_UNAVAILABLE";

// A statement the database stopped (DATABASE_STATEMENT_TIMEOUT_MS, or waiting behind another
// change's lock that long) is not a bug either: the request asked for more than the database could
// answer in time, or it was busy. It is answered like an outage (503, try again), in its own words.
export const DATABASE_TIMEOUT_MESSAGE =
  "The database took too long to answer, so the request was stopped and nothing was changed. Try again in a moment; if it keeps happening, ask for less at once (a narrower filter or a shorter period).";
export const DATABASE_TIMEOUT_DIGEST = "THROUGHLINE_DATABASE_TIMEOUT";
/** The same for a form: what it sent was not saved (a write waiting behind another's lock, most often). */
export const DATABASE_TIMEOUT_SAVE_MESSAGE = "The database took too long to answer, so nothing was saved. Try again in a moment.";

// Socket-level failures (Node) and postgres.js's own connection errors.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);
// SQLSTATEs of a server that is shutting down, starting up, or out of connection slots.
const SERVER_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
// query_canceled: the statement timeout (or an operator's pg_cancel_backend) stopped the statement.
const TIMEOUT_CODES = new Set(["57014"]);

function codeOf(e: object): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The first code in `err` or what it wraps (a Drizzle query error's cause, an Auth.js error's
 * original, the attempts of a failed multi-address connect) that `wanted` accepts.
 */
function findCode(err: unknown, wanted: (code: string) => boolean): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length && seen.size < 16) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const code = codeOf(e);
    if (code && wanted(code)) return code;
    // Auth.js keeps the error thrown by authorize() at cause.err.
    queue.push((e as { cause?: unknown }).cause, (e as { err?: unknown }).err);
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) queue.push(...inner);
  }
  return undefined;
}

/**
 * The code that says `err` (or what it wraps) is the database being unreachable or dropping the
 * connection. Errors the database answered with (a constraint, a permission, a timeout) are not this.
 */
export function databaseUnavailableCode(err: unknown): string | undefined {
  return findCode(err, (code) => CONNECTION_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code));
}

/** Whether `err` (or what it wraps) is a statement the database stopped because it ran too long. */
export function isDatabaseTimeout(err: unknown): boolean {
  return findCode(err, (code) => TIMEOUT_CODES.has(code)) !== undefined;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  return databaseUnavailableCode(err) !== undefined;
}

/** What a server action answers while the database is away. */
export function unavailableResult() {
  return { ok: false as const, code: "unavailable" as const, error: DATABASE_UNAVAILABLE_MESSAGE, fieldErrors: {} };
}

/** What a server action answers when the database stopped its statement for taking too long. */
export function timedOutResult() {
  return { ok: false as const, code: "unavailable" as const, error: DATABASE_TIMEOUT_SAVE_MESSAGE, fieldErrors: {} };
}

/** What a route handler answers while the database is away (or, `timedOut`, when it stopped a statement). */
export function unavailableResponse({ timedOut = false }: { timedOut?: boolean } = {}): Response {
  const error = timedOut ? DATABASE_TIMEOUT_MESSAGE : DATABASE_UNAVAILABLE_MESSAGE;
  return Response.json({ error, code: "unavailable" }, { status: 503, headers: { "retry-after": "5", "cache-control": "no-store" } });
}

/**
 * Wraps a route handler so that a database outage, or a statement the database stopped for taking
 * too long, answers 503 with the message above; any other error goes on to Next as before.
 */
export function answerUnavailable<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (err) {
      if (isDatabaseTimeout(err)) {
        console.warn("[db] statement stopped by the statement timeout (57014)");
        return unavailableResponse({ timedOut: true });
      }
      const code = databaseUnavailableCode(err);
      if (!code) throw err;
      // Only the code: a failed query's message carries its parameters.
      console.error(`[db] unavailable (${code})`);
      return unavailableResponse();
    }
  };
}
