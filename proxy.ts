import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { STRICT_TRANSPORT_SECURITY, contentSecurityPolicy, newNonce } from "@/lib/security/headers";
import {
  FOREIGN_ORIGIN,
  MALFORMED_PATH,
  SERVER_ACTION_BODY_LIMIT,
  TOO_LARGE,
  UNREADABLE,
  declaredLength,
  hasMalformedPath,
  isForeignOrigin,
  isHttps,
  isReadableActionBody,
  type Refusal,
} from "@/lib/security/request-guard";

// The proxy does three things, none of them a security boundary (see CVE-2025-29927): it
// answers malformed or cross-site requests with a short 4xx before Next.js would crash on
// them, it gives each response its Content-Security-Policy nonce, and it sends visitors with
// no session cookie at all to sign-in. Every page, query and server action checks the
// signed-in user itself, re-read from the database.
// The app icon too: the sign-in page shows it to visitors who have no session yet.
// The REST API (/api/v1) authenticates each call by its bearer token and never reads the
// session cookie, so a signed-out caller gets its 401 problem, not a redirect, and a cookie
// sent by a browser on a cross-site request authorises nothing there.
const PUBLIC = [/^\/sign-in(\/|$)/, /^\/invite\//, /^\/api\/auth\//, /^\/api\/v1(\/|$)/, /^\/(icon\.svg|favicon\.ico)$/];
const FORWARDED = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-for", "x-forwarded-port"];

async function refusal(request: NextRequest): Promise<Refusal | null> {
  if (hasMalformedPath(request.nextUrl.pathname)) return MALFORMED_PATH;
  if (request.method !== "POST") return null;
  const action = request.headers.has("next-action");
  // A POST to a page is a server action (with JavaScript) or a form posting one (without).
  // Route handlers under /api answer their own POSTs.
  if (!action && request.nextUrl.pathname.startsWith("/api/")) return null;
  if (isForeignOrigin(request.headers, env.TRUST_PROXY)) return FOREIGN_ORIGIN;
  const length = declaredLength(request.headers);
  if (length !== undefined && length > SERVER_ACTION_BODY_LIMIT) return TOO_LARGE;
  const body = await request.arrayBuffer();
  if (body.byteLength > SERVER_ACTION_BODY_LIMIT) return TOO_LARGE;
  const readable = await isReadableActionBody(body, request.headers.get("content-type") ?? "", { fetchAction: action });
  return readable ? null : UNREADABLE;
}

export async function proxy(request: NextRequest) {
  const https = isHttps(request.nextUrl, request.headers, env.TRUST_PROXY);
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const secure = (response: NextResponse) => {
    response.headers.set("Content-Security-Policy", csp);
    if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    return response;
  };

  const refused = await refusal(request);
  if (refused) {
    console.warn(`[proxy] ${refused.status} ${request.method} ${request.nextUrl.pathname.slice(0, 100)}: ${refused.message}`);
    return secure(new NextResponse(refused.message, { status: refused.status, headers: { "content-type": "text/plain; charset=utf-8" } }));
  }

  const { pathname, search } = request.nextUrl;
  const signedOut = !request.cookies.getAll().some((c) => c.name.endsWith("authjs.session-token"));
  if (signedOut && !PUBLIC.some((p) => p.test(pathname))) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = pathname === "/" ? "" : `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return secure(NextResponse.redirect(url));
  }

  // Next.js reads the nonce from the request's CSP header and stamps its scripts with it.
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  headers.set("x-nonce", nonce);
  // Without a proxy in front these came from the client: Next.js and Auth.js must not build
  // URLs or compare origins with them.
  if (!env.TRUST_PROXY) for (const h of FORWARDED) headers.delete(h);
  // A server action's answer (with JavaScript) is its result, a few hundred bytes, streamed:
  // gzip would cost more than it saves (zlib sets up its state for every response, about a
  // twentieth of an action's server CPU). Next.js's compression reads Accept-Encoding from the
  // request as forwarded here. Sign-in and invite actions keep it: they redirect, and a
  // redirect's answer carries the next page.
  if (request.method === "POST" && request.headers.has("next-action") && !PUBLIC.some((p) => p.test(pathname))) headers.delete("accept-encoding");
  return secure(NextResponse.next({ request: { headers } }));
}

export const config = {
  // Every request but the build's static files (next.config.mjs gives those their own fixed
  // policy), so every other response, a 404 for "/x.js" included, carries this one.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
