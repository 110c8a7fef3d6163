// The database being away (restarting, unreachable, refusing connections) is not a bug in the
// request: it gets its own answer, 503 and "try again", and never the generic crash message.
// Pure module: the client error boundary imports the message and digest from here.

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable; try again in a moment.";
/** The digest a server component's error carries when the database was away (see db/client.ts). */
export const DATABASE_UNAVAILABLE_DIGEST = "THROUGHLINE_DATABASE_UNAVAILABLE";

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

function codeOf(e: object): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The code that says `err` (or what it wraps: a Drizzle query error's cause, an Auth.js error's
 * original, the attempts of a failed multi-address connect) is the database being unreachable or dropping the connection.
 * Errors the database answered with (a constraint, a permission, a timeout) are not this.
 */
export function databaseUnavailableCode(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length && seen.size < 16) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const code = codeOf(e);
    if (code && (CONNECTION_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return code;
    // Auth.js keeps the error thrown by authorize() at cause.err.
    queue.push((e as { cause?: unknown }).cause, (e as { err?: unknown }).err);
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) queue.push(...inner);
  }
  return undefined;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  return databaseUnavailableCode(err) !== undefined;
}

/** What a server action answers while the database is away. */
export function unavailableResult() {
  return { ok: false as const, code: "unavailable" as const, error: DATABASE_UNAVAILABLE_MESSAGE, fieldErrors: {} };
}

/** What a route handler answers while the database is away. */
export function unavailableResponse(): Response {
  return Response.json({ error: DATABASE_UNAVAILABLE_MESSAGE, code: "unavailable" }, { status: 503, headers: { "retry-after": "5", "cache-control": "no-store" } });
}

/**
 * Wraps a route handler so that a database outage answers 503 with the message above; any other
 * error goes on to Next as before.
 */
export function answerUnavailable<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (err) {
      const code = databaseUnavailableCode(err);
      if (!code) throw err;
      // Only the code: a failed query's message carries its parameters.
      console.error(`[db] unavailable (${code})`);
      return unavailableResponse();
    }
  };
}
