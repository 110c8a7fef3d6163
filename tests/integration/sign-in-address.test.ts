import crypto from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyCredentials } from "@/lib/auth/credentials";
import { verifyPassword } from "@/lib/auth/password";
import type * as PasswordModule from "@/lib/auth/password";
import { SIGN_IN_IP_MAX_FAILURES, SIGN_IN_IP_WINDOW_MINUTES, SIGN_IN_MAX_FAILURES } from "@/lib/auth/throttle";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeDepartment, makeUser, TEST_PASSWORD } from "../helpers/factories";

const WRONG = "definitely not the password";
// Counts the password checks; the known-wrong password skips argon2 so the sprays stay fast.
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const original = await importOriginal<typeof PasswordModule>();
  return { ...original, verifyPassword: vi.fn(async (hash: string, password: string) => (password === WRONG ? false : original.verifyPassword(hash, password))) };
});

const db = useTestDatabase();
const uniq = () => crypto.randomBytes(4).toString("hex");
// Documentation ranges (RFC 5737 / 3849): a fresh address per test.
let next = 1;
const freshAddress = () => `198.51.100.${next++}`;

let deptId: string;
beforeAll(async () => {
  deptId = (await makeDepartment(db())).id;
});
beforeEach(() => vi.mocked(verifyPassword).mockClear());
const freshUser = () => makeUser(db(), { role: "member", departmentId: deptId, email: `person.${uniq()}@example.test` });
const checks = () => vi.mocked(verifyPassword).mock.calls.length;

/** One wrong password for each of `n` different (unknown) emails, from one address: a spray. */
async function spray(address: string, n: number) {
  const results = [];
  for (let i = 0; i < n; i++) results.push(await verifyCredentials({ email: `sprayed.${uniq()}@example.test`, password: WRONG }, { clientAddress: address }));
  return results;
}

describe("per-address throttling (a trusted proxy names the client)", () => {
  it(`after ${SIGN_IN_IP_MAX_FAILURES} failures from one address over many emails, that address is refused, even the right password, unchecked`, async () => {
    expect(SIGN_IN_IP_MAX_FAILURES).toBe(30);
    const address = freshAddress();
    const victim = await freshUser();
    const mark = await auditMark(db());
    const results = await spray(address, SIGN_IN_IP_MAX_FAILURES);
    // No single email reached its own limit; the address did, on the last one.
    expect(results.slice(0, -1).every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(results.at(-1)).toEqual({ ok: false, reason: "rate_limited" });
    expect(checks()).toBe(SIGN_IN_IP_MAX_FAILURES);

    vi.mocked(verifyPassword).mockClear();
    expect(await verifyCredentials({ email: victim.email, password: TEST_PASSWORD }, { clientAddress: address })).toEqual({ ok: false, reason: "rate_limited" });
    expect(checks()).toBe(0);

    const events = await auditSince(db(), mark);
    expect(events.filter((e) => e.action === "auth.sign_in_failed")).toHaveLength(SIGN_IN_IP_MAX_FAILURES);
    expect(events.filter((e) => e.action === "auth.address_locked_out")).toMatchObject([
      {
        after: { outcome: "address_locked", failuresInWindow: SIGN_IN_IP_MAX_FAILURES, clientAddress: address },
        reason: `${SIGN_IN_IP_MAX_FAILURES} failed sign-ins from ${address} within ${SIGN_IN_IP_WINDOW_MINUTES} minutes`,
      },
    ]);
    expect(events.at(-1)).toMatchObject({
      action: "auth.sign_in_blocked",
      entityId: victim.id,
      after: { email: victim.email, outcome: "address_locked", clientAddress: address, failuresInWindow: SIGN_IN_IP_MAX_FAILURES },
    });

    // Only that address: the same person from another address, or with no known address, gets in.
    expect(await verifyCredentials({ email: victim.email, password: TEST_PASSWORD }, { clientAddress: freshAddress() })).toMatchObject({ ok: true });
    expect(await verifyCredentials({ email: victim.email, password: TEST_PASSWORD })).toMatchObject({ ok: true });
  });

  it("a success from the address does not wipe its failures against other emails", async () => {
    const address = freshAddress();
    const own = await freshUser();
    await spray(address, SIGN_IN_IP_MAX_FAILURES - 1);
    expect(await verifyCredentials({ email: own.email, password: TEST_PASSWORD }, { clientAddress: address })).toMatchObject({ ok: true });
    // One more failure, against anyone, reaches the limit.
    expect(await spray(address, 1)).toEqual([{ ok: false, reason: "rate_limited" }]);
    expect(await verifyCredentials({ email: own.email, password: TEST_PASSWORD }, { clientAddress: address })).toEqual({ ok: false, reason: "rate_limited" });
  });

  it("the per-email limit holds across addresses: guesses from five addresses lock the email", async () => {
    const u = await freshUser();
    const results = [];
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) results.push(await verifyCredentials({ email: u.email, password: WRONG }, { clientAddress: freshAddress() }));
    expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual(["invalid", "invalid", "invalid", "invalid", "locked"]);
    expect(await verifyCredentials({ email: u.email, password: TEST_PASSWORD }, { clientAddress: freshAddress() })).toEqual({ ok: false, reason: "locked" });
  });

  it("without a known address (no trusted proxy) only the per-email limit applies", async () => {
    const results = [];
    for (let i = 0; i < SIGN_IN_IP_MAX_FAILURES + 1; i++) {
      results.push(await verifyCredentials({ email: `anon.${uniq()}@example.test`, password: WRONG }, { clientAddress: null }));
    }
    expect(results.every((r) => !r.ok && r.reason === "invalid")).toBe(true);
  });
});
