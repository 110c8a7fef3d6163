import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "@/lib/security/headers";
import { hasMalformedPath, isForeignOrigin, isHttps, isPlainActionJson, isReadableActionBody, publicHost } from "@/lib/security/request-guard";

const h = (init: Record<string, string>) => new Headers(init);

describe("hasMalformedPath", () => {
  it("flags %-escapes that are not UTF-8, and only those", () => {
    expect(hasMalformedPath("/journeys/%ff")).toBe(true);
    expect(hasMalformedPath("/journeys/%E0%A4%A")).toBe(true);
    expect(hasMalformedPath("/journeys/%C3%A9t%C3%A9")).toBe(false);
    expect(hasMalformedPath("/journeys/abc")).toBe(false);
  });
});

describe("origin and host", () => {
  it("uses Host, and X-Forwarded-Host only when a proxy is trusted", () => {
    const headers = h({ host: "app.local:3000", "x-forwarded-host": "Public.Example, inner" });
    expect(publicHost(headers, false)).toBe("app.local:3000");
    expect(publicHost(headers, true)).toBe("public.example");
  });

  it("refuses a foreign or unreadable Origin, lets a missing one through", () => {
    expect(isForeignOrigin(h({ host: "localhost:3000", origin: "http://localhost:3000" }), false)).toBe(false);
    expect(isForeignOrigin(h({ host: "localhost:3000", origin: "https://evil.example" }), false)).toBe(true);
    expect(isForeignOrigin(h({ host: "localhost:3000", origin: "null" }), false)).toBe(true);
    expect(isForeignOrigin(h({ host: "localhost:3000", origin: "::nonsense" }), false)).toBe(true);
    expect(isForeignOrigin(h({ host: "localhost:3000" }), false)).toBe(false);
  });

  it("does not let a client pick the host it is compared with unless a proxy is trusted", () => {
    const spoofed = h({ host: "localhost:3000", origin: "https://evil.example", "x-forwarded-host": "evil.example" });
    expect(isForeignOrigin(spoofed, false)).toBe(true);
    expect(isForeignOrigin(spoofed, true)).toBe(false);
  });

  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    const http = new URL("http://localhost:3000/");
    // Next.js itself turns X-Forwarded-Proto: https into an https URL.
    const claimed = new URL("https://localhost:3000/");
    expect(isHttps(claimed, h({ "x-forwarded-proto": "https" }), false)).toBe(false);
    expect(isHttps(claimed, h({ "x-forwarded-proto": "https" }), true)).toBe(true);
    expect(isHttps(http, h({ "x-forwarded-proto": "http" }), true)).toBe(false);
    expect(isHttps(claimed, h({}), false)).toBe(true);
    expect(isHttps(http, h({}), false)).toBe(false);
  });
});

describe("server action bodies", () => {
  it("accepts what React's client writes", () => {
    for (const ok of ['["$undefined","$K1"]', '[null,{"name":"$$Q1 is literal text","n":"$n12","d":"$D2024-01-01T00:00:00.000Z","x":"$-0"}]', '[{"ok":false,"fieldErrors":{}},"$K1f"]']) {
      expect(isPlainActionJson(ok, { root: true }), ok).toBe(true);
    }
  });

  it("refuses references only a hand-made request sends, and arguments that are not a list", () => {
    for (const bad of ['["$Q1"]', '["$@99"]', '[{"a":"$W2"}]', '["$h1"]', '["$1"]', '["$"]', '["$nope"]', '{"a":1}', '"text"', "not json", JSON.stringify(Array(17).fill(null))]) {
      expect(isPlainActionJson(bad, { root: true }), bad).toBe(false);
    }
    const deep = "[".repeat(40) + "]".repeat(40);
    expect(isPlainActionJson(deep, { root: true })).toBe(false);
  });

  async function body(form: FormData) {
    const res = new Response(form);
    return { buf: await res.arrayBuffer(), type: res.headers.get("content-type")! };
  }

  it("checks the numbered parts of a multipart body and ignores form fields", async () => {
    const form = new FormData();
    form.append("0", '["$undefined","$K1"]');
    form.append("_1_name", "$Q1");
    const ok = await body(form);
    expect(await isReadableActionBody(ok.buf, ok.type, { fetchAction: true })).toBe(true);

    form.set("0", '["$undefined","$Q1"]');
    const bad = await body(form);
    expect(await isReadableActionBody(bad.buf, bad.type, { fetchAction: true })).toBe(false);

    const noRoot = new FormData();
    noRoot.append("_1_name", "x");
    const nr = await body(noRoot);
    expect(await isReadableActionBody(nr.buf, nr.type, { fetchAction: true })).toBe(false);
    expect(await isReadableActionBody(new TextEncoder().encode("garbage").buffer, "multipart/form-data; boundary=x", { fetchAction: true })).toBe(false);
    expect(await isReadableActionBody(new Uint8Array([0xff, 0xfe]).buffer, "text/plain", { fetchAction: true })).toBe(false);
  });

  it("checks a form posted without JavaScript: the action part and the arguments it names", async () => {
    const form = new FormData();
    form.append("$ACTION_REF_1", "");
    form.append("$ACTION_1:0", JSON.stringify({ id: "60abc", bound: "$@1" }));
    form.append("$ACTION_1:1", "[null]");
    form.append("email", "$Q1");
    const ok = await body(form);
    expect(await isReadableActionBody(ok.buf, ok.type, { fetchAction: false })).toBe(true);

    for (const [part, value] of [
      ["$ACTION_1:0", "{nope"],
      ["$ACTION_1:0", JSON.stringify({ id: "60abc", bound: "$Q9" })],
      ["$ACTION_1:0", JSON.stringify({ id: "60abc", bound: "$@2" })],
      ["$ACTION_1:1", '["$Q5"]'],
    ]) {
      const f = new FormData();
      for (const [k, v] of form.entries()) f.append(k, v);
      f.set(part!, value!);
      const b = await body(f);
      expect(await isReadableActionBody(b.buf, b.type, { fetchAction: false }), `${part}=${value}`).toBe(false);
    }
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce and forbids framing, plugins, base and foreign forms", () => {
    const csp = contentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "default-src 'self'"]) expect(csp).toContain(d);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { https: true })).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { dev: true })).toContain("'unsafe-eval'");
  });
});
