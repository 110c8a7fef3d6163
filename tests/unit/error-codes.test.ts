import { beforeEach, describe, expect, it, vi } from "vitest";
import { toActionFailure, UNEXPECTED_ERROR } from "@/lib/actions";
import { CONCURRENT_CHANGE_ERROR, DomainError, ERROR_KIND_MEANINGS, ERROR_KINDS, type ErrorKind } from "@/lib/errors";
import { inTransaction, isConcurrencyFailure } from "@/lib/tx";

// The wrapper's session lookup is not part of the mapping under test.
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn(async () => null) }));

// A stand-in database whose transactions fail the way the test says, to count the retries.
const transaction = vi.fn();
vi.mock("@/db/client", () => ({ getDb: async () => ({ transaction }) }));

/** A driver error as postgres.js or PGlite throws it, optionally wrapped (Drizzle puts it in `cause`). */
const pgError = (code: string, wrapped = false) => {
  const e = Object.assign(new Error(`pg ${code}`), { code });
  return wrapped ? Object.assign(new Error("Failed query"), { cause: e }) : e;
};

describe("the error kinds", () => {
  it("are the closed set callers branch on, each with a one-line meaning", () => {
    expect([...ERROR_KINDS]).toEqual(["invalid", "forbidden", "not_found", "conflict", "stale", "rate_limited", "unavailable", "unauthenticated"]);
    expect(Object.keys(ERROR_KIND_MEANINGS).sort()).toEqual([...ERROR_KINDS].sort());
    for (const k of ERROR_KINDS) expect(ERROR_KIND_MEANINGS[k]).toMatch(/^[A-Z].{20,}\.$/);
  });
});

describe("toActionFailure", () => {
  it.each(ERROR_KINDS.map((k) => [k]))("maps a DomainError of kind %s to the same code, with its message and field errors", (kind: ErrorKind) => {
    const failure = toActionFailure(new DomainError(kind, `Refused as ${kind}.`, { name: ["Bad name."] }));
    expect(failure).toEqual({ ok: false, code: kind, error: `Refused as ${kind}.`, fieldErrors: { name: ["Bad name."] } });
    expect("detail" in failure).toBe(false);
  });

  it("passes typed detail through, so a caller can offer the next step without reading the sentence", () => {
    const detail = { reason: "already_owned" as const, departmentId: "d1", departmentName: "Sales" };
    expect(toActionFailure(new DomainError("conflict", "Owned.", {}, detail))).toEqual({ ok: false, code: "conflict", error: "Owned.", fieldErrors: {}, detail });
  });

  it.each([["40001"], ["40P01"], ["55P03"]])("answers a concurrency failure (%s) that escaped the retries with a specific conflict", (code) => {
    for (const e of [pgError(code), pgError(code, true)]) {
      expect(isConcurrencyFailure(e)).toBe(true);
      expect(toActionFailure(e)).toEqual({ ok: false, code: "conflict", error: CONCURRENT_CHANGE_ERROR, fieldErrors: {} });
    }
  });

  it("answers anything else unavailable, logged but never echoed (it may hold secrets)", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const e of [new Error("password=hunter2 leaked"), pgError("23505"), "a string", null]) {
      const failure = toActionFailure(e);
      expect(failure).toEqual({ ok: false, code: "unavailable", error: UNEXPECTED_ERROR, fieldErrors: {} });
      expect(JSON.stringify(failure)).not.toContain("hunter2");
    }
    expect(log).toHaveBeenCalledTimes(4);
    log.mockRestore();
  });
});

describe("inTransaction", () => {
  beforeEach(() => {
    transaction.mockReset();
  });

  it("retries a serialization failure or deadlock and returns the attempt that commits", async () => {
    transaction.mockRejectedValueOnce(pgError("40001", true)).mockRejectedValueOnce(pgError("40P01")).mockResolvedValueOnce("saved");
    await expect(inTransaction(async () => "unused")).resolves.toBe("saved");
    expect(transaction).toHaveBeenCalledTimes(3);
  });

  it("after five lost attempts answers conflict with the specific message, never the driver error", async () => {
    transaction.mockImplementation(async () => {
      throw pgError("40001", true);
    });
    const error = await inTransaction(async () => "unused").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: "conflict", message: CONCURRENT_CHANGE_ERROR });
    expect(transaction).toHaveBeenCalledTimes(5);
  });

  it("does not retry anything else: a domain refusal or a constraint error reaches the caller as it is", async () => {
    const refusal = new DomainError("stale", "Reload.");
    transaction.mockRejectedValueOnce(refusal);
    await expect(inTransaction(async () => "unused")).rejects.toBe(refusal);
    const unique = pgError("23505", true);
    transaction.mockRejectedValueOnce(unique);
    await expect(inTransaction(async () => "unused")).rejects.toBe(unique);
    expect(transaction).toHaveBeenCalledTimes(2);
  });
});
