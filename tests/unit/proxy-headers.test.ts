import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

// The proxy itself, called as Next.js calls it: every answer carries the CSP, and HSTS only
// when the request came over https (a browser remembers HSTS, so it must never be sent over
// plain http, where a development or intranet deployment may legitimately stay).
describe("the proxy's headers", () => {
  it("sends Strict-Transport-Security over https, with the CSP", async () => {
    const response = await proxy(new NextRequest("https://throughline.example.com/sign-in"));
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  });

  it("does not send it over http", async () => {
    const response = await proxy(new NextRequest("http://127.0.0.1:3000/sign-in"));
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=_-]+' 'strict-dynamic'/);
  });

  it("sends it on its own refusals too (a malformed path over https)", async () => {
    const response = await proxy(new NextRequest("https://throughline.example.com/journeys/%ff"));
    expect(response.status).toBe(400);
    expect(response.headers.get("strict-transport-security")).not.toBeNull();
  });

  // The request headers Next.js goes on with: the kept names are listed in this response header.
  const forwarded = (response: Response) => (response.headers.get("x-middleware-override-headers") ?? "").split(",").map((h) => h.trim());
  const actionPost = (path: string) =>
    new NextRequest(`http://127.0.0.1:3000${path}`, {
      method: "POST",
      headers: { "next-action": "7f00", host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", cookie: "authjs.session-token=x", "accept-encoding": "gzip", "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify(["$undefined", { goalId: "x" }]),
    });

  it("lets a server action's small answer go uncompressed, but not a page's", async () => {
    const action = await proxy(actionPost("/goals/1"));
    expect(action.headers.get("x-middleware-next")).toBe("1");
    expect(forwarded(action)).toContain("next-action");
    expect(forwarded(action)).not.toContain("accept-encoding");
    const page = await proxy(new NextRequest("http://127.0.0.1:3000/goals/1", { headers: { cookie: "authjs.session-token=x", "accept-encoding": "gzip" } }));
    expect(forwarded(page)).toContain("accept-encoding");
    // Sign-in redirects, and its answer carries the next page.
    expect(forwarded(await proxy(actionPost("/sign-in")))).toContain("accept-encoding");
  });
});
