import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { DEMO_PASSWORD, demoEmail } from "./helpers";

// Raw HTTP against the running server, as a hand-made client would talk to it: server actions
// by their id, with the body encoding React's client uses. No browser involved.

export const BASE_URL = `http://localhost:${Number(process.env.E2E_PORT || 3100)}`;

type ManifestEntry = { workers: Record<string, unknown>; exportedName?: string };
type ActionRef = { id: string; path: string };

let actions: Map<string, ActionRef> | null = null;

/**
 * Action ids come from the build the server runs (read when first needed: the web server
 * builds after Playwright has collected the tests). Each action is posted to a page that
 * holds it, so Next.js does not have to forward it.
 */
export function actionRef(name: string): ActionRef {
  if (!actions) {
    const file = path.join(process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json");
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
    actions = new Map();
    for (const [id, entry] of Object.entries(manifest.node)) {
      if (!entry.exportedName) continue;
      const pages = Object.keys(entry.workers).map((w) =>
        w.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "").replace(/\[[^\]]+\]/g, "x") || "/",
      );
      // Public pages first: a signed-out caller posting to another page is sent to sign-in.
      const path = pages.find((p) => p === "/sign-in") ?? pages.find((p) => !p.includes("/x")) ?? pages[0]!;
      actions.set(entry.exportedName, { id, path });
    }
  }
  const ref = actions.get(name);
  if (!ref) throw new Error(`No server action named ${name} in the build`);
  return ref;
}

/** Escapes strings the way React's client does, so "$Q1" arrives as the text "$Q1". */
function escapeForReply(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("$") ? `$${value}` : value;
  if (Array.isArray(value)) return value.map(escapeForReply);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeForReply(v)]));
  return value;
}

export type Payload = { form: Array<[string, string]> } | { json: unknown };

/** The body React's client sends for `action(prevState, payload)`. */
export function encodeReply(payload: Payload, prevState: unknown = undefined): FormData | string {
  const prev = prevState === undefined ? "$undefined" : escapeForReply(prevState);
  if ("form" in payload) {
    const body = new FormData();
    for (const [k, v] of payload.form) body.append(`_1_${k}`, v);
    // Last, as React writes it: the server decodes the root as soon as it arrives.
    body.append("0", JSON.stringify([prev, "$K1"]));
    return body;
  }
  return JSON.stringify([prev, payload.json === undefined ? "$undefined" : escapeForReply(payload.json)]);
}

export type Reply = { status: number; text: string; contentType: string };

/** A client with its own session cookie. */
export class HttpClient {
  private cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    // A streamed body (no Content-Length) needs Node's half-duplex mode.
    const duplex = init.body instanceof ReadableStream ? { duplex: "half" } : {};
    const res = await fetch(new URL(url, BASE_URL), { ...init, ...duplex, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await this.fetch(url, { headers });
    return { status: res.status, text: await res.text(), contentType: res.headers.get("content-type") ?? "" };
  }

  /** Calls a server action. `body` replaces the encoded payload when given (raw requests). */
  async action(name: string, payload: Payload, { body, headers = {} }: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Reply> {
    const ref = actionRef(name);
    const res = await this.fetch(ref.path, {
      method: "POST",
      headers: { "Next-Action": ref.id, Accept: "text/x-component", Origin: BASE_URL, ...headers },
      body: body ?? encodeReply(payload),
    });
    return { status: res.status, text: await res.text(), contentType: res.headers.get("content-type") ?? "" };
  }

  async signIn(key: string): Promise<void> {
    const reply = await this.action("signInAction", { form: [["email", demoEmail(key)], ["password", DEMO_PASSWORD]] });
    expect(reply.status, `sign-in as ${key}`).toBe(200);
    expect([...this.cookies.keys()].some((k) => k.endsWith("authjs.session-token")), `session cookie for ${key}`).toBe(true);
  }
}

export const UNEXPECTED = "Something went wrong on our side";

/** The action's result from a Flight response: the row holding `{"ok":…}`. */
export function actionResult(reply: Reply): { ok: boolean; error?: string; fieldErrors?: Record<string, string[]> } | null {
  for (const line of reply.text.split("\n")) {
    const m = /^[0-9a-f]+:(\{"ok":.*)$/.exec(line);
    if (m) return JSON.parse(m[1]!);
  }
  return null;
}

/**
 * The server's total of audit events, read from the audit log as an admin. Every change the
 * application makes writes one in the same transaction (PRODUCT rule 5), so an unchanged total
 * means a refused request wrote nothing.
 */
export async function auditTotal(admin: HttpClient): Promise<number> {
  const page = await admin.get("/audit");
  expect(page.status).toBe(200);
  const m = /([\d,]+) events?\b/.exec(page.text.replace(/<!-- -->/g, ""));
  expect(m, "the audit log shows its total").not.toBeNull();
  return Number(m![1]!.replace(/,/g, ""));
}
