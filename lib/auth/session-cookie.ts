import { decode } from "next-auth/jwt";
import { sessionIdOf } from "./sessions";

// Reading the session cookie without Auth.js's request machinery. `auth()` answers a request
// for the session by running Auth.js's whole "GET /session" action in-process: it builds a
// Request, makes a CSRF token (random bytes and a SHA-256), decrypts the cookie, then encrypts
// a renewed cookie into a Response that a server component or action can never send, and
// parses the Response's JSON. Only the decryption decides anything, so that is all this does,
// with the same cookie name, salt, secret and algorithms (next-auth/jwt's `decode`, the
// function Auth.js itself calls). The database then decides whether the session is live.

type CookieLike = { name: string; value: string };
type HeaderLike = { get(name: string): string | null };

const SESSION_COOKIE = "authjs.session-token";

/**
 * The name Auth.js gives the session cookie: "__Secure-" first when it takes the site to be
 * https. Auth.js decides that from AUTH_URL (or NEXTAUTH_URL) when set, else from
 * X-Forwarded-Proto, else assumes https (@auth/core's createActionURL and defaultCookies).
 */
export function sessionCookieName(headers: HeaderLike, envUrl: string | undefined = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL): string {
  let protocol: string;
  if (envUrl) protocol = new URL(envUrl).protocol;
  else {
    const proto = headers.get("x-forwarded-proto") ?? "https";
    protocol = proto.endsWith(":") ? proto : `${proto}:`;
  }
  return `${protocol === "https:" ? "__Secure-" : ""}${SESSION_COOKIE}`;
}

/** The cookie's value; a large one Auth.js splits into `name.0`, `name.1`… (as its SessionStore reads them). */
function cookieValue(cookies: readonly CookieLike[], name: string): string | undefined {
  const whole = cookies.find((c) => c.name === name);
  if (whole) return whole.value;
  const chunks = cookies
    .filter((c) => c.name.startsWith(`${name}.`) && /^\d+$/.test(c.name.slice(name.length + 1)))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return chunks.length ? chunks.map((c) => c.value).join("") : undefined;
}

/**
 * The stored id of the session the request's cookie names, or null when there is no cookie or
 * it does not decrypt (tampered, another secret, past its `exp`, or the other cookie name's).
 * Says nothing about whether the session is live: that is the database's (resolveSession).
 */
export async function sessionIdFromCookies(cookies: readonly CookieLike[], headers: HeaderLike, secret: string, envUrl?: string): Promise<string | null> {
  const name = sessionCookieName(headers, envUrl);
  const token = cookieValue(cookies, name);
  if (!token) return null;
  const key = `${name}\n${token}`;
  const known = decrypted.get(key);
  if (known && known.secret === secret) {
    if (Date.now() < known.usableUntil) return known.sessionId;
    decrypted.delete(key);
  }
  try {
    const payload = await decode({ token, secret, salt: name });
    if (typeof payload?.sid !== "string") return null;
    const sessionId = sessionIdOf(payload.sid);
    if (typeof payload.exp === "number") remember(key, { secret, sessionId, usableUntil: (payload.exp + CLOCK_TOLERANCE_SECONDS) * 1000 });
    return sessionId;
  } catch {
    return null;
  }
}

// A cookie that decrypted once decrypts the same way every time until its `exp`, so the answer
// is remembered per cookie (the decryption is an HKDF, an AES and several HMACs, each request).
// Only what decrypted with the secret is kept; the database is still asked on every request.
const CLOCK_TOLERANCE_SECONDS = 15; // the tolerance next-auth/jwt's decode allows past `exp`
const MAX_REMEMBERED = 1000;
const decrypted = new Map<string, { secret: string; sessionId: string; usableUntil: number }>();

function remember(key: string, entry: { secret: string; sessionId: string; usableUntil: number }) {
  if (decrypted.size >= MAX_REMEMBERED) decrypted.delete(decrypted.keys().next().value!);
  decrypted.set(key, entry);
}
