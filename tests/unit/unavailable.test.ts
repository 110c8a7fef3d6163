import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DATABASE_TIMEOUT_MESSAGE, DATABASE_TIMEOUT_SAVE_MESSAGE, DATABASE_UNAVAILABLE_MESSAGE, answerUnavailable, isDatabaseTimeout, isDatabaseUnavailable, timedOutResult, unavailableResult } from "@/lib/unavailable";

const coded = (code: string) => Object.assign(new Error(code), { code });

describe("isDatabaseUnavailable", () => {
  it.each(["ECONNREFUSED", "ECONNRESET", "EPIPE", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P03", "53300", "08006"])(
    "is true for %s, raw or wrapped by Drizzle or Auth.js",
    (code) => {
      expect(isDatabaseUnavailable(coded(code))).toBe(true);
      expect(isDatabaseUnavailable(new DrizzleQueryError("select 1", [], coded(code)))).toBe(true);
      expect(isDatabaseUnavailable(new Error("CallbackRouteError", { cause: { err: coded(code) } }))).toBe(true);
    },
  );

  it("looks inside a failed connect to several addresses", () => {
    expect(isDatabaseUnavailable(new AggregateError([coded("ECONNREFUSED"), coded("ECONNREFUSED")], "connect failed"))).toBe(true);
  });

  it.each(["23505", "23514", "42501", "57014", "40001", "28P01", "XX000"])("is false for an answer from the database (%s)", (code) => {
    expect(isDatabaseUnavailable(new DrizzleQueryError("select 1", [], coded(code)))).toBe(false);
  });

  it("is false for anything else, and survives a cause cycle", () => {
    const a: Error & { cause?: unknown } = new Error("a");
    a.cause = new Error("b", { cause: a });
    for (const e of [null, undefined, "ECONNREFUSED", new Error("ECONNREFUSED"), { code: 57 }, a]) expect(isDatabaseUnavailable(e)).toBe(false);
  });
});

describe("the answers while the database is away", () => {
  it("a server action gets code unavailable and the message", () => {
    expect(unavailableResult()).toEqual({ ok: false, code: "unavailable", error: DATABASE_UNAVAILABLE_MESSAGE, fieldErrors: {} });
  });

  it("a route handler answers 503 with Retry-After; other errors still propagate", async () => {
    const res = await answerUnavailable(async () => {
      throw new DrizzleQueryError("select 1", [], coded("ECONNREFUSED"));
    })();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ error: DATABASE_UNAVAILABLE_MESSAGE, code: "unavailable" });
    await expect(answerUnavailable(async () => Promise.reject(coded("23505")))()).rejects.toMatchObject({ code: "23505" });
    expect((await answerUnavailable(async () => new Response("fine"))()).status).toBe(200);
  });
});

describe("a statement the database stopped for running too long (57014)", () => {
  it("is recognised raw, wrapped by Drizzle or Auth.js, and is not the database being away", () => {
    for (const e of [coded("57014"), new DrizzleQueryError("select 1", [], coded("57014")), new Error("CallbackRouteError", { cause: { err: coded("57014") } })]) {
      expect(isDatabaseTimeout(e)).toBe(true);
      expect(isDatabaseUnavailable(e)).toBe(false);
    }
    for (const e of [coded("ECONNREFUSED"), coded("55P03"), coded("23505"), null, new Error("57014")]) expect(isDatabaseTimeout(e)).toBe(false);
  });

  it("a server action hears it took too long; a route handler answers 503 with Retry-After", async () => {
    expect(timedOutResult()).toEqual({ ok: false, code: "unavailable", error: DATABASE_TIMEOUT_SAVE_MESSAGE, fieldErrors: {} });
    const res = await answerUnavailable(async () => {
      throw new DrizzleQueryError("select pg_sleep(60)", [], coded("57014"));
    })();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ error: DATABASE_TIMEOUT_MESSAGE, code: "unavailable" });
  });
});
