import crypto from "node:crypto";
import { and, eq, gt, inArray } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditEvents, sessions, signInFailures } from "@/db/schema";
import { verifyCredentials, type CredentialsResult } from "@/lib/auth/credentials";
import { verifyPassword } from "@/lib/auth/password";
import type * as PasswordModule from "@/lib/auth/password";
import { SIGN_IN_MAX_FAILURES } from "@/lib/auth/throttle";
import { auditMark } from "../helpers/audit";
import { usingPostgres, useTestDatabase } from "../helpers/db";
import { makeDepartment, makeUser, TEST_PASSWORD } from "../helpers/factories";

// Every password check goes through verifyPassword: counting its calls counts the guesses the
// server actually tried, whatever the results say.
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const original = await importOriginal<typeof PasswordModule>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});

beforeAll(() => {
  if (!usingPostgres) throw new Error("The race suite needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project \"race\").");
});

const db = useTestDatabase(); // a brand-new PostgreSQL database, pool of 20 connections
let deptId: string;
beforeAll(async () => {
  deptId = (await makeDepartment(db())).id;
});
beforeEach(() => vi.mocked(verifyPassword).mockClear());

const freshUser = () => makeUser(db(), { role: "member", departmentId: deptId, email: `target.${crypto.randomBytes(4).toString("hex")}@example.test` });
/** The passwords verifyPassword was asked to check since the last clear, in the order it was asked. */
const checked = () => vi.mocked(verifyPassword).mock.calls.map(([, password]) => password);
const reasons = (rs: CredentialsResult[]) => rs.map((r) => (r.ok ? "ok" : r.reason));
const tally = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});
const sessionsOf = (userId: string) => db().select().from(sessions).where(eq(sessions.userId, userId));

describe(`sign-in throttling holds under parallel guesses (limit ${SIGN_IN_MAX_FAILURES})`, () => {
  it.each([40, 100])("%i wrong passwords at once for one email: exactly 5 are checked, every other one is refused unchecked", async (n) => {
    expect(SIGN_IN_MAX_FAILURES).toBe(5);
    const u = await freshUser();
    const mark = await auditMark(db());
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: n }, (_, i) => verifyCredentials({ email: u.email, password: `wrong guess ${i}` })));
    const ms = performance.now() - started;

    expect(checked()).toHaveLength(SIGN_IN_MAX_FAILURES);
    // The five checked all fail, the one that reaches the limit says so; the rest never got a check.
    expect(tally(reasons(results))).toEqual({ invalid: SIGN_IN_MAX_FAILURES - 1, locked: n - SIGN_IN_MAX_FAILURES + 1 });
    const attempts = await db().select().from(signInFailures).where(eq(signInFailures.emailLower, u.email.toLowerCase()));
    expect(attempts.map((a) => a.outcome)).toEqual(Array(SIGN_IN_MAX_FAILURES).fill("failed"));

    const events = await db().select().from(auditEvents).where(and(gt(auditEvents.id, mark), eq(auditEvents.entityId, u.id)));
    expect(tally(events.map((e) => e.action))).toEqual({
      "auth.sign_in_failed": SIGN_IN_MAX_FAILURES,
      "auth.locked_out": 1,
      "auth.sign_in_blocked": n - SIGN_IN_MAX_FAILURES,
    });

    // Locked: the right password is refused without a check.
    vi.mocked(verifyPassword).mockClear();
    expect(await verifyCredentials({ email: u.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "locked" });
    expect(checked()).toEqual([]);
    expect(await sessionsOf(u.id)).toEqual([]);
    console.log(`[race] ${n} parallel wrong guesses settled in ${ms.toFixed(0)} ms, ${SIGN_IN_MAX_FAILURES} checked`);
  });

  it.each([40, 100])("while the email is locked, the right password among %i parallel guesses is never checked and never gets in", async (n) => {
    const u = await freshUser();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) await verifyCredentials({ email: u.email, password: `earlier guess ${i}` });
    vi.mocked(verifyPassword).mockClear();
    const right = Math.floor(Math.random() * n);
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => verifyCredentials({ email: u.email, password: i === right ? TEST_PASSWORD : `wrong guess ${i}` })),
    );
    expect(checked()).toEqual([]);
    expect(reasons(results)).toEqual(Array(n).fill("locked"));
    expect(await sessionsOf(u.id)).toEqual([]);
  });

  it("the right password hidden among 40 parallel guesses gets in only when it is one of the first 5 checked (6 rounds)", async () => {
    const ROUNDS = 6;
    let gotIn = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const u = await freshUser();
      vi.mocked(verifyPassword).mockClear();
      const right = Math.floor(Math.random() * 40);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => verifyCredentials({ email: u.email, password: i === right ? TEST_PASSWORD : `wrong guess ${i}` })),
      );
      const order = checked();
      const position = order.indexOf(TEST_PASSWORD);
      const winners = results.filter((r) => r.ok);
      if (position === -1) {
        // Not among the guesses that were checked: refused, and exactly five wrong ones were tried.
        expect(order).toHaveLength(SIGN_IN_MAX_FAILURES);
        expect(results[right]).toEqual({ ok: false, reason: "locked" });
        expect(winners).toEqual([]);
        expect(await sessionsOf(u.id)).toEqual([]);
      } else {
        // Checked within the limit: at most four wrong guesses were tried before it, and it is the only way in.
        expect(position).toBeLessThan(SIGN_IN_MAX_FAILURES);
        expect(winners).toEqual([results[right]]);
        expect((await sessionsOf(u.id)).map((s) => s.id)).toEqual([(results[right] as { sessionId: string }).sessionId]);
        gotIn++;
      }
    }
    console.log(`[race] the right password got in ${gotIn} of ${ROUNDS} rounds (expected about ${ROUNDS * SIGN_IN_MAX_FAILURES / 40})`);
  });

  it("guesses spread over many emails at once are each limited per email", async () => {
    const targets = await Promise.all(Array.from({ length: 4 }, () => freshUser()));
    const results = await Promise.all(targets.flatMap((u) => Array.from({ length: 15 }, (_, i) => verifyCredentials({ email: u.email, password: `wrong guess ${i}` }))));
    expect(checked()).toHaveLength(4 * SIGN_IN_MAX_FAILURES);
    expect(results.every((r) => !r.ok)).toBe(true);
    const rows = await db().select().from(signInFailures).where(inArray(signInFailures.emailLower, targets.map((u) => u.email.toLowerCase())));
    expect(tally(rows.map((r) => r.emailLower))).toEqual(Object.fromEntries(targets.map((u) => [u.email.toLowerCase(), SIGN_IN_MAX_FAILURES])));
  });
});
