import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sessionCookieName, sessionIdFromCookies } from "@/lib/auth/session-cookie";
import { sessionIdOf } from "@/lib/auth/sessions";

// The session cookie is read the way Auth.js reads it (same name, salt and algorithms), so a
// cookie Auth.js wrote at sign-in names its session, and nothing else does.

const SECRET = "a-test-secret-that-is-at-least-32-characters-long";
const TOKEN = "session-token-from-sign-in";
const http = new Headers({ "x-forwarded-proto": "http" });
const https = new Headers({ "x-forwarded-proto": "https" });

/** A cookie as Auth.js's sign-in writes it (its jwt callback keeps only `sid`). */
const mint = (salt: string, { secret = SECRET, maxAge }: { secret?: string; maxAge?: number } = {}) => encode({ token: { sid: TOKEN }, secret, salt, maxAge });

describe("sessionCookieName", () => {
  it("follows Auth.js: __Secure- over https, from X-Forwarded-Proto, else AUTH_URL, else https", () => {
    expect(sessionCookieName(http, undefined)).toBe("authjs.session-token");
    expect(sessionCookieName(https, undefined)).toBe("__Secure-authjs.session-token");
    expect(sessionCookieName(new Headers(), undefined)).toBe("__Secure-authjs.session-token");
    expect(sessionCookieName(http, "https://cx.example.com")).toBe("__Secure-authjs.session-token");
    expect(sessionCookieName(https, "http://localhost:3000")).toBe("authjs.session-token");
  });
});

describe("sessionIdFromCookies", () => {
  it("names the session of a cookie Auth.js wrote", async () => {
    const value = await mint("authjs.session-token");
    expect(await sessionIdFromCookies([{ name: "authjs.session-token", value }], http, SECRET)).toBe(sessionIdOf(TOKEN));
  });

  it("reads a cookie Auth.js split into chunks", async () => {
    const value = await mint("authjs.session-token");
    const cookies = [
      { name: "authjs.session-token.1", value: value.slice(100) },
      { name: "authjs.session-token.0", value: value.slice(0, 100) },
    ];
    expect(await sessionIdFromCookies(cookies, http, SECRET)).toBe(sessionIdOf(TOKEN));
  });

  it("is signed out without the cookie, or with only the other name's cookie", async () => {
    expect(await sessionIdFromCookies([], http, SECRET)).toBeNull();
    // Over https only the __Secure- cookie counts (a plain one may have been planted over http).
    const plain = await mint("authjs.session-token");
    expect(await sessionIdFromCookies([{ name: "authjs.session-token", value: plain }], https, SECRET)).toBeNull();
    // A token minted for one name does not decrypt under the other (the name is the salt).
    expect(await sessionIdFromCookies([{ name: "__Secure-authjs.session-token", value: plain }], https, SECRET)).toBeNull();
  });

  it("refuses a cookie made with another secret, a tampered one and an expired one", async () => {
    const other = await mint("authjs.session-token", { secret: "another-secret-that-is-at-least-32-characters" });
    expect(await sessionIdFromCookies([{ name: "authjs.session-token", value: other }], http, SECRET)).toBeNull();
    const good = await mint("authjs.session-token");
    const i = Math.floor(good.length / 2);
    const tampered = good.slice(0, i) + (good[i] === "A" ? "B" : "A") + good.slice(i + 1);
    expect(await sessionIdFromCookies([{ name: "authjs.session-token", value: tampered }], http, SECRET)).toBeNull();
    const expired = await mint("authjs.session-token", { maxAge: -60 });
    expect(await sessionIdFromCookies([{ name: "authjs.session-token", value: expired }], http, SECRET)).toBeNull();
    expect(await sessionIdFromCookies([{ name: "authjs.session-token", value: "not-a-token" }], http, SECRET)).toBeNull();
  });

  describe("a cookie read before", () => {
    afterEach(() => vi.useRealTimers());

    it("is answered the same way again, and refused once past its exp", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const value = await mint("authjs.session-token", { maxAge: 60 });
      const cookies = [{ name: "authjs.session-token", value }];
      expect(await sessionIdFromCookies(cookies, http, SECRET)).toBe(sessionIdOf(TOKEN));
      expect(await sessionIdFromCookies(cookies, http, SECRET)).toBe(sessionIdOf(TOKEN));
      // Not under another secret, though it decrypted under this one.
      expect(await sessionIdFromCookies(cookies, http, "another-secret-that-is-at-least-32-characters")).toBeNull();
      vi.setSystemTime(Date.now() + 76_000);
      expect(await sessionIdFromCookies(cookies, http, SECRET)).toBeNull();
    });
  });
});
