import crypto from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { signInFailures } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { verifyCredentials } from "@/lib/auth/credentials";
import { SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MINUTES } from "@/lib/auth/throttle";
import { acceptInvite, issueInvite } from "@/lib/users/commands";
import { auditMark, auditSince, expectNoWrites } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { actorOf, makeDepartment, makeUser, TEST_PASSWORD } from "../helpers/factories";

const db = useTestDatabase();
const WRONG = "definitely not the password";
const uniq = () => crypto.randomBytes(4).toString("hex");

let deptId: string;
let admin: Actor;
beforeAll(async () => {
  deptId = (await makeDepartment(db())).id;
  admin = actorOf(await makeUser(db(), { role: "admin" }));
});

const freshUser = (opts: { active?: boolean; withPassword?: boolean } = {}) =>
  makeUser(db(), { role: "member", departmentId: deptId, email: `Person.${uniq()}@Example.test`, ...opts });
async function failuresFor(email: string) {
  const [row] = await db().select({ n: count() }).from(signInFailures).where(eq(signInFailures.emailLower, email.toLowerCase()));
  return row!.n;
}

describe("verifyCredentials", () => {
  it("signs in with the right password, whatever the email's case, and audits auth.signed_in", async () => {
    const u = await freshUser();
    const mark = await auditMark(db());
    expect(await verifyCredentials({ email: `  ${u.email.toUpperCase()} `, password: TEST_PASSWORD })).toMatchObject({ ok: true, userId: u.id });
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "auth.signed_in", actorId: u.id, entityType: "session", entityId: u.id, after: { email: u.email.toLowerCase(), outcome: "success" } },
    ]);
  });

  it("answers an unknown email and a wrong password alike: invalid, with one auth.sign_in_failed each", async () => {
    const u = await freshUser();
    const unknown = `nobody.${uniq()}@example.test`;
    const mark = await auditMark(db());
    expect(await verifyCredentials({ email: unknown, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email: u.email, password: WRONG })).toEqual({ ok: false, reason: "invalid" });
    const events = await auditSince(db(), mark);
    expect(events).toMatchObject([
      { action: "auth.sign_in_failed", actorId: null, entityId: null, after: { email: unknown, outcome: "invalid_credentials", failuresInWindow: 1 } },
      { action: "auth.sign_in_failed", actorId: null, entityId: u.id, after: { email: u.email.toLowerCase(), outcome: "invalid_credentials", failuresInWindow: 1 } },
    ]);
    expect(JSON.stringify(events)).not.toContain(WRONG);
    expect(await failuresFor(unknown)).toBe(1);
  });

  it("refuses a deactivated user and a user without a password even with the right password", async () => {
    const inactive = await freshUser({ active: false });
    const pending = await freshUser({ withPassword: false });
    const mark = await auditMark(db());
    expect(await verifyCredentials({ email: inactive.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email: pending.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "invalid" });
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.entityId])).toEqual([
      ["auth.sign_in_failed", inactive.id],
      ["auth.sign_in_failed", pending.id],
    ]);
  });

  it("answers malformed input invalid without writing anything", async () => {
    for (const input of [{ email: "", password: TEST_PASSWORD }, { email: "not-an-email", password: "x" }, { email: "a@b.test", password: "" }]) {
      const before = await failuresFor(input.email);
      expect(await expectNoWrites(db(), () => verifyCredentials(input))).toEqual({ ok: false, reason: "invalid" });
      expect(await failuresFor(input.email)).toBe(before);
    }
  });
});

describe("throttling", () => {
  it(`locks an email after ${SIGN_IN_MAX_FAILURES} failures, even against the right password, with its audit trail`, async () => {
    expect(SIGN_IN_MAX_FAILURES).toBe(5);
    const u = await freshUser();
    const bystander = await freshUser();
    const mark = await auditMark(db());
    const results = [];
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) results.push(await verifyCredentials({ email: i % 2 ? u.email.toUpperCase() : u.email, password: WRONG }));
    expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual(["invalid", "invalid", "invalid", "invalid", "locked"]);

    expect(await verifyCredentials({ email: u.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "locked" });
    expect(await verifyCredentials({ email: u.email, password: WRONG })).toEqual({ ok: false, reason: "locked" });
    expect(await failuresFor(u.email)).toBe(SIGN_IN_MAX_FAILURES); // blocked attempts are not counted again

    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual([
      ...Array(SIGN_IN_MAX_FAILURES).fill("auth.sign_in_failed"),
      "auth.locked_out",
      "auth.sign_in_blocked",
      "auth.sign_in_blocked",
    ]);
    expect(events.every((e) => e.entityId === u.id && e.actorId === null)).toBe(true);
    expect(events[SIGN_IN_MAX_FAILURES]).toMatchObject({
      after: { email: u.email.toLowerCase(), outcome: "locked", failuresInWindow: 5 },
      reason: `5 failed sign-ins within ${SIGN_IN_WINDOW_MINUTES} minutes`,
    });
    expect(events.at(-1)).toMatchObject({ after: { outcome: "locked", failuresInWindow: 5 } });

    // The lock is per email: someone else signs in as usual.
    expect(await verifyCredentials({ email: bystander.email, password: TEST_PASSWORD })).toMatchObject({ ok: true, userId: bystander.id });
  });

  it("counts only failures inside the window", async () => {
    const u = await freshUser();
    const old = sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES + 1})`;
    await db().insert(signInFailures).values(Array.from({ length: 10 }, () => ({ emailLower: u.email.toLowerCase(), attemptedAt: old })));
    await db().insert(signInFailures).values(Array.from({ length: SIGN_IN_MAX_FAILURES - 1 }, () => ({ emailLower: u.email.toLowerCase() })));
    expect(await verifyCredentials({ email: u.email, password: TEST_PASSWORD })).toMatchObject({ ok: true, userId: u.id });
  });

  it("a success clears the failure count", async () => {
    const u = await freshUser();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES - 1; i++) await verifyCredentials({ email: u.email, password: WRONG });
    expect(await failuresFor(u.email)).toBe(SIGN_IN_MAX_FAILURES - 1);
    expect(await verifyCredentials({ email: u.email, password: TEST_PASSWORD })).toMatchObject({ ok: true });
    expect(await failuresFor(u.email)).toBe(0);
    // A fresh run of failures starts from zero: four more are not yet a lock.
    for (let i = 0; i < SIGN_IN_MAX_FAILURES - 1; i++) {
      expect(await verifyCredentials({ email: u.email, password: WRONG })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await verifyCredentials({ email: u.email, password: TEST_PASSWORD })).toMatchObject({ ok: true });
  });

  it("choosing a new password through a one-time link lifts a lock", async () => {
    const u = await freshUser();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) await verifyCredentials({ email: u.email, password: WRONG });
    expect(await verifyCredentials({ email: u.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "locked" });
    const { invitePath } = await issueInvite({ actor: admin, userId: u.id });
    await acceptInvite({ token: invitePath!.split("/").pop()!, password: "a fresh start passphrase" });
    expect(await failuresFor(u.email)).toBe(0);
    expect(await verifyCredentials({ email: u.email, password: "a fresh start passphrase" })).toMatchObject({ ok: true, userId: u.id });
    expect(await verifyCredentials({ email: u.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "invalid" });
  });
});
