import fs from "node:fs";
import path from "node:path";
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

export type OneAtATime = { p50Ms?: number; runs: number; error?: string };

/**
 * The pages one request at a time, in turn: `warm` untimed rounds (module loading, the pool,
 * the JIT), then `rounds` timed ones, each round one request to every page in the same order.
 * Taking the pages in turn rather than one after another puts every page through the same
 * moments of the machine (another process waking, a collection, the CPU's clock), so their
 * ratios hold even when the absolute figures drift. Returns each page's median (of an even
 * count, the lower of the two middle values, as the bench's other medians); a page that
 * answers anything but 200 gets its error and leaves the rounds, the others go on.
 */
export async function oneAtATime(
  pathnames: string[],
  cookie: string,
  { rounds = 40, warm = 6, get = getPage }: { rounds?: number; warm?: number; get?: (pathname: string, cookie: string) => Promise<unknown> } = {},
): Promise<Map<string, OneAtATime>> {
  const times = new Map(pathnames.map((p) => [p, [] as number[]]));
  const errors = new Map<string, string>();
  for (let i = 0; i < warm + rounds; i++) {
    for (const pathname of pathnames) {
      if (errors.has(pathname)) continue;
      const t0 = performance.now();
      try {
        await get(pathname, cookie);
      } catch (e) {
        errors.set(pathname, e instanceof Error ? e.message : String(e));
        continue;
      }
      if (i >= warm) times.get(pathname)!.push(performance.now() - t0);
    }
  }
  return new Map(
    pathnames.map((p) => {
      const ms = times.get(p)!.sort((a, b) => a - b);
      const error = errors.get(p);
      return [p, { runs: ms.length, ...(error ? { error } : { p50Ms: Math.round(ms[Math.floor((ms.length - 1) / 2)]!) }) }];
    }),
  );
}

export type ShippedJs = {
  chunks: number;
  rawBytes: number;
  gzipBytes: number;
  /** The scripts a modern browser skips (`<script noModule>`, Next's polyfills): listed, never counted. */
  noModuleChunks: number;
  /** The chunks counted, by src: their gzipped bytes. */
  files: Record<string, number>;
  htmlBytes: number;
  htmlGzipBytes: number;
  domElements: number;
};

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

/** Every `<script src="/_next/…">` of a page's HTML, and whether it is a `noModule` one. */
export function scriptSources(html: string): { src: string; noModule: boolean }[] {
  const out = new Map<string, boolean>();
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attrs = m[1] ?? "";
    const src = /\ssrc="([^"]+)"/i.exec(attrs)?.[1]?.replace(/&amp;/g, "&");
    if (!src?.startsWith("/_next/")) continue;
    // React writes the boolean attribute as `noModule=""`; HTML allows `nomodule` bare.
    out.set(src, (out.get(src) ?? false) || /\snomodule(?=[\s=>]|$)/i.test(attrs));
  }
  return [...out].map(([src, noModule]) => ({ src, noModule }));
}

const gzipCache = new Map<string, { raw: number; gzip: number }>();

/** A build file's size as served, and gzipped (level 9); the same src is fetched once per run. */
async function fileSize(src: string): Promise<{ raw: number; gzip: number }> {
  const known = gzipCache.get(src);
  if (known) return known;
  const res = await fetch(`${BASE_URL}${src}`, { signal: AbortSignal.timeout(TIMEOUT) });
  if (!res.ok) throw new Error(`GET ${src} answered ${res.status}`);
  const buf = Buffer.from(await res.arrayBuffer());
  const size = { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  gzipCache.set(src, size);
  return size;
}

/**
 * The JavaScript a page ships: every <script src="/_next/…"> in its HTML, fetched and gzipped
 * (Next 16's build no longer prints First Load JS; STACK.md pitfall 10). `noModule` scripts (the
 * polyfills only browsers without ES modules load) are left out: no browser the app supports
 * downloads them.
 */
export async function shippedJs(pathname: string, cookie: string): Promise<ShippedJs> {
  const html = await getPage(pathname, cookie);
  const scripts = scriptSources(html);
  const counted = scripts.filter((s) => !s.noModule).slice(0, 200);
  let rawBytes = 0;
  let gzipBytes = 0;
  const files: Record<string, number> = {};
  for (const { src } of counted) {
    const size = await fileSize(src);
    rawBytes += size.raw;
    gzipBytes += size.gzip;
    files[src] = size.gzip;
  }
  const htmlBuf = Buffer.from(html);
  return {
    chunks: counted.length,
    rawBytes,
    gzipBytes,
    noModuleChunks: scripts.length - counted.length,
    files,
    htmlBytes: htmlBuf.length,
    htmlGzipBytes: zlib.gzipSync(htmlBuf, { level: 9 }).length,
    domElements: countElements(html),
  };
}

export type FrameworkJs = { chunks: string[]; gzipBytes: number; rawBytes: number };

/**
 * The framework's own JavaScript: the build manifest's `rootMainFiles`, the chunks every page of
 * the app router loads before any of the app's code (React, React DOM, Next's router and client
 * runtime, Turbopack's chunk loader). A bare app-router page loads exactly these.
 */
export async function frameworkJs(distDir: string): Promise<FrameworkJs> {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const chunks = (manifest.rootMainFiles ?? []).map((f) => `/_next/${f}`);
  if (!chunks.length) throw new Error(`${distDir}/build-manifest.json lists no rootMainFiles`);
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const src of chunks) {
    const size = await fileSize(src);
    gzipBytes += size.gzip;
    rawBytes += size.raw;
  }
  return { chunks, gzipBytes, rawBytes };
}
