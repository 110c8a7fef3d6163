import zlib from "node:zlib";
import { signInOverHttp } from "../lib/app-process";
import { BASE_URL } from "./server";

const TIMEOUT = 30_000;

/**
 * Signs in over HTTP as the CCO's browser would, and checks the server accepts the session
 * cookie it set. Returns the Cookie header to send with every benchmarked request.
 */
export async function signIn(email: string, password: string): Promise<string> {
  const cookie = await signInOverHttp(BASE_URL, email, password, TIMEOUT);
  const check = await fetch(`${BASE_URL}/api/auth/session`, { headers: { cookie }, signal: AbortSignal.timeout(TIMEOUT) });
  // The session is server-side (a sessions row): /api/auth/session names it by its id.
  const body = (await check.json()) as { sessionId?: string } | null;
  if (!body?.sessionId) throw new Error(`The session cookie for ${email} is not accepted by /api/auth/session.`);
  return cookie;
}

/** GET a page with the cookie; fails on anything but 200 (a redirect means the cookie failed). */
export async function getPage(pathname: string, cookie: string): Promise<string> {
  const res = await fetch(`${BASE_URL}${pathname}`, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT) });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${pathname} answered ${res.status}${res.headers.get("location") ? ` → ${res.headers.get("location")}` : ""}`);
  return html;
}

/**
 * Sequential requests, one at a time: they warm the server up (module loading, pool) and, past
 * the first few, give the page's latency with no queueing. Returns the median of those.
 */
export async function warmUp(pathname: string, cookie: string, times = 12, skip = 4): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await getPage(pathname, cookie);
    if (i >= skip) ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return Math.round(ms[Math.floor((ms.length - 1) / 2)] ?? NaN);
}

export type ShippedJs = { chunks: number; rawBytes: number; gzipBytes: number; htmlBytes: number; htmlGzipBytes: number; domElements: number };

/**
 * The elements the browser builds from the HTML: every start tag outside comments, scripts'
 * and styles' contents and templates' raw text (what `document.querySelectorAll("*")` counts,
 * the inlined RSC payload's scripts counted as one element each).
 */
export function countElements(html: string): number {
  const stripped = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, "<$1>");
  return (stripped.match(/<[a-zA-Z][a-zA-Z0-9-]*(?=[\s/>])/g) ?? []).length;
}

/**
 * The JavaScript a page ships: every <script src="/_next/…"> in its HTML, fetched and gzipped
 * (Next 16's build no longer prints First Load JS; STACK.md pitfall 10).
 */
export async function shippedJs(pathname: string, cookie: string): Promise<ShippedJs> {
  const html = await getPage(pathname, cookie);
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*?\ssrc="([^"]+)"/g)) {
    const src = (m[1] ?? "").replace(/&amp;/g, "&");
    if (src.startsWith("/_next/")) srcs.add(src);
  }
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const src of [...srcs].slice(0, 200)) {
    const res = await fetch(`${BASE_URL}${src}`, { signal: AbortSignal.timeout(TIMEOUT) });
    if (!res.ok) throw new Error(`GET ${src} answered ${res.status}`);
    const buf = Buffer.from(await res.arrayBuffer());
    rawBytes += buf.length;
    gzipBytes += zlib.gzipSync(buf, { level: 9 }).length;
  }
  const htmlBuf = Buffer.from(html);
  return { chunks: srcs.size, rawBytes, gzipBytes, htmlBytes: htmlBuf.length, htmlGzipBytes: zlib.gzipSync(htmlBuf, { level: 9 }).length, domElements: countElements(html) };
}
