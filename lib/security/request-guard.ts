// Checks the proxy runs before Next.js sees a request, so that a malformed or hostile request
// gets a short 4xx answer instead of a crash. They are not the security boundary: Next.js
// still refuses a foreign Origin, an oversized body or an unreadable action on its own (with a
// 500), and every action re-checks the user, the input and the permission itself.

/** Next.js's default serverActions.bodySizeLimit (1 MB); next.config.mjs sets the same value. */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

export type Refusal = { status: 400 | 403 | 413; message: string };

export const MALFORMED_PATH: Refusal = { status: 400, message: "This address is not valid: it contains a broken %-escape." };
export const FOREIGN_ORIGIN: Refusal = {
  status: 403,
  message: "This request came from another site, so it was refused and nothing was saved. Open Throughline at its own address and try again.",
};
export const TOO_LARGE: Refusal = {
  status: 413,
  message: "This request is larger than 1 MB, so it was refused and nothing was saved. Shorten the text and try again.",
};
export const UNREADABLE: Refusal = { status: 400, message: "This request could not be read, so nothing was saved." };

/** A path whose %-escapes do not decode to UTF-8 (e.g. /journeys/%ff) crashes route matching. */
export function hasMalformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

const first = (v: string | null) => v?.split(",")[0]?.trim().toLowerCase() || undefined;

/** The host the visitor addressed: Host, or the proxy's X-Forwarded-Host when one is trusted. */
export function publicHost(headers: Headers, trustProxy: boolean): string | undefined {
  return (trustProxy ? first(headers.get("x-forwarded-host")) : undefined) ?? first(headers.get("host"));
}

/**
 * Whether the visitor's connection is https, as far as this server can tell. Next.js derives
 * the URL's protocol from X-Forwarded-Proto too, so without a trusted proxy a request that
 * carries that header (the client wrote it) does not count.
 */
export function isHttps(url: URL, headers: Headers, trustProxy: boolean): boolean {
  const proto = first(headers.get("x-forwarded-proto"));
  if (trustProxy && proto) return proto === "https";
  return url.protocol === "https:" && (trustProxy || proto === undefined);
}

/**
 * A browser always sends Origin on a cross-site POST; one that names another host is a forged
 * form (CSRF). No Origin at all is a hand-made request, which carries only what its sender chose
 * to share, so it passes (as in Next.js).
 */
export function isForeignOrigin(headers: Headers, trustProxy: boolean): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return true;
  }
  return !originHost || originHost !== publicHost(headers, trustProxy);
}

/** The Content-Length a request declares, when it is a plain number. */
export function declaredLength(headers: Headers): number | undefined {
  const v = headers.get("content-length");
  return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
}

// What a browser's React client ever writes into a server action's arguments: escaped text
// ("$$…"), undefined and the special numbers, dates, big integers and form data. Any other
// "$" string (a Map "$Q1", a promise "$@99", a blob, a server reference…) only a hand-made
// request sends, and Next.js crashes decoding one that points nowhere.
const CLIENT_REFERENCE = /^\$(?:\$[\s\S]*|undefined|NaN|Infinity|-Infinity|-0|D[\s\S]*|n-?\d{1,400}|K[0-9a-f]{1,8})$/;
const MAX_DEPTH = 32;
const MAX_ARGS = 16;

/** Whether one JSON part of an action's arguments holds only what a browser could have sent. */
export function isPlainActionJson(text: string, { root }: { root: boolean }): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  // The root part is the argument list that Next.js spreads into the action.
  if (root && (!Array.isArray(value) || value.length > MAX_ARGS)) return false;
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) return false;
    if (typeof v === "string") {
      if (v.startsWith("$") && !CLIENT_REFERENCE.test(v)) return false;
    } else if (v && typeof v === "object") {
      for (const child of Object.values(v)) stack.push({ v: child, depth: depth + 1 });
    }
  }
  return true;
}

async function readForm(body: ArrayBuffer, contentType: string): Promise<FormData | null> {
  try {
    return await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    return null;
  }
}

/**
 * Reads a server action's body the way Next.js will decode it and says whether it is safe to
 * decode. With JavaScript the browser sends multipart form data or one JSON text: form fields
 * ("_1_name") are plain text to React, only numbered parts ("0", "1"…) are decoded, "0" being
 * the argument list. Without JavaScript a form posts its fields beside "$ACTION_REF_n" and the
 * parts "$ACTION_n:0" (which action; its arguments are the part named by "bound") and so on.
 */
export async function isReadableActionBody(body: ArrayBuffer, contentType: string, { fetchAction }: { fetchAction: boolean }): Promise<boolean> {
  const multipart = /^multipart\/form-data/i.test(contentType);
  if (!fetchAction) return multipart ? isReadableFormAction(await readForm(body, contentType)) : true;
  if (!multipart) {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    } catch {
      return false;
    }
    return isPlainActionJson(text, { root: true });
  }
  const form = await readForm(body, contentType);
  if (!form) return false;
  let hasRoot = false;
  for (const [name, value] of form.entries()) {
    if (!/^\d+$/.test(name)) continue;
    if (typeof value !== "string") return false;
    if (name === "0") hasRoot = true;
    if (!isPlainActionJson(value, { root: name === "0" })) return false;
  }
  return hasRoot;
}

function isReadableFormAction(form: FormData | null): boolean {
  if (!form) return false;
  const names = [...form.keys()];
  // React uses the last reference; without one, Next.js itself answers (400 or the page).
  const ref = names.filter((n) => n.startsWith("$ACTION_REF_")).at(-1);
  if (!ref) return true;
  const prefix = `$ACTION_${ref.slice("$ACTION_REF_".length)}:`;
  const part = (id: string) => {
    const v = form.get(prefix + id);
    return typeof v === "string" ? v : null;
  };
  let meta: unknown;
  try {
    meta = JSON.parse(part("0") ?? "");
  } catch {
    return false;
  }
  if (!meta || typeof meta !== "object" || typeof (meta as { id?: unknown }).id !== "string") return false;
  const bound = (meta as { bound?: unknown }).bound;
  if (bound === null || bound === undefined) return true;
  if (typeof bound !== "string" || !/^\$@[0-9a-f]{1,8}$/.test(bound)) return false;
  const args = part(String(parseInt(bound.slice(2), 16)));
  return args !== null && isPlainActionJson(args, { root: true });
}
