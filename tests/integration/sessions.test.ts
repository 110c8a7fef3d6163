import crypto from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { endUserSessionsAction } from "@/app/(app)/admin/actions";
import { sessions, signInFailures } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { resolveSession, type Actor } from "@/lib/auth/current-user";
import { sessionIdFromCookies } from "@/lib/auth/session-cookie";
import { endUserSessions, listSessions, signOutEverywhere } from "@/lib/auth/session-commands";
import { signOutCurrentUser } from "@/lib/auth/session-actions";
import { ENDED_SESSION_RETENTION_DAYS, pruneAuthRecords } from "@/lib/auth/housekeeping";
import { SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES } from "@/lib/auth/sessions";
import { SIGN_IN_IP_WINDOW_MINUTES, SIGN_IN_WINDOW_MINUTES } from "@/lib/auth/throttle";
import { acceptInvite, issueInvite, setUserActive } from "@/lib/users/commands";
import { auditMark, auditSince, expectNoWrites } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { signInAs } from "../helpers/session";
import { actorOf, makeCast, makeUser, TEST_PASSWORD } from "../helpers/factories";

// session-actions imports AuthError from next-auth, whose ESM build only Next can resolve.
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
// Outside a request there are no cookies: the test says which session the cookie names
// (decrypting it is tests/unit/session-cookie.test.ts's subject).
vi.mock("next/headers", () => ({ cookies: async () => ({ getAll: () => [] }), headers: async () => new Headers() }));
vi.mock("@/lib/auth/session-cookie", () => ({ sessionIdFromCookies: vi.fn(async () => null) }));

const db = useTestDatabase();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let cast: Awaited<ReturnType<typeof makeCast>>;
let admin: Actor;
beforeAll(async () => {
  cast = await makeCast(db());
  admin = cast.actors.admin;
});

const freshUser = () => makeUser(db(), { role: "member", departmentId: cast.dept.id, email: `person.${crypto.randomBytes(4).toString("hex")}@example.test` });
/** Signs in through the real credential check, as the Auth.js provider does. */
async function signIn(email: string, userAgent = "Vitest browser") {
  const result = await verifyCredentials({ email, password: TEST_PASSWORD }, { userAgent });
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return result.sessionId;
}
const row = async (id: string) => (await db().select().from(sessions).where(eq(sessions.id, id)))[0]!;
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe("sign-in starts a server-side session", () => {
  it("stores only the token's hash, the user agent and both expiry clocks; the session resolves to the user", async () => {
    const u = await freshUser();
    const result = await verifyCredentials({ email: u.email, password: TEST_PASSWORD }, { userAgent: "Firefox on a laptop" });
    if (!result.ok) throw new Error("expected a session");
    expect(result.sessionId).toBe(crypto.createHash("sha256").update(result.sessionToken).digest("hex"));
    const s = await row(result.sessionId);
    expect(s).toMatchObject({ userId: u.id, userAgent: "Firefox on a laptop", revokedAt: null, revokeReason: null });
    expect(s.expiresAt.getTime() - s.createdAt.getTime()).toBe(SESSION_ABSOLUTE_HOURS * HOUR);
    expect(await db().select().from(sessions).where(eq(sessions.id, result.sessionToken))).toEqual([]);
    expect(await resolveSession(result.sessionId)).toEqual({ sessionId: result.sessionId, actor: actorOf(u, cast.dept.name) });
    expect(await resolveSession("0".repeat(64))).toBeNull();
    expect(await resolveSession("not-a-session-id")).toBeNull();
  });
});

describe("sign-out", () => {
  it("revokes this session on the server (a copied cookie stops working), audited once; other sessions stay", async () => {
    const u = await freshUser();
    const [here, elsewhere] = [await signIn(u.email), await signIn(u.email)];
    vi.mocked(sessionIdFromCookies).mockResolvedValue(here);
    const mark = await auditMark(db());
    await signOutCurrentUser();
    await signOutCurrentUser(); // a second click (the same cookie) changes nothing
    vi.mocked(sessionIdFromCookies).mockResolvedValue(null);

    expect(await resolveSession(here)).toBeNull();
    expect(await row(here)).toMatchObject({ revokeReason: "signed_out" });
    expect(await resolveSession(elsewhere)).toMatchObject({ actor: { id: u.id } });
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "auth.signed_out", actorId: u.id, entityType: "session", entityId: u.id, after: { email: u.email, outcome: "success", sessionId: here, revokeReason: "signed_out" } },
    ]);
  });
});

describe("deactivation", () => {
  it("ends all of the user's sessions in the same step, audited; reactivating does not revive them", async () => {
    const u = await freshUser();
    const ids = [await signIn(u.email), await signIn(u.email, "Phone")];
    const mark = await auditMark(db());
    await setUserActive({ actor: admin, userId: u.id, active: false, reason: "Left" });
    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual(["user.deactivated", "auth.sessions_revoked"]);
    expect(events[1]).toMatchObject({ actorId: admin.id, entityId: u.id, after: { email: u.email, outcome: "revoked", revokeReason: "deactivated", sessionsEnded: 2 } });

    await setUserActive({ actor: admin, userId: u.id, active: true });
    for (const id of ids) {
      expect(await resolveSession(id)).toBeNull();
      expect(await row(id)).toMatchObject({ revokeReason: "deactivated" });
    }
    // Back in only by signing in again.
    expect(await resolveSession(await signIn(u.email))).toMatchObject({ actor: { id: u.id } });
  });

  it("a user deactivated without any session is deactivated without a revocation event", async () => {
    const u = await freshUser();
    const mark = await auditMark(db());
    await setUserActive({ actor: admin, userId: u.id, active: false });
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["user.deactivated"]);
  });
});

describe("timeouts (the clock is injected; nothing sleeps)", () => {
  it(`idle: a session unused for ${SESSION_IDLE_MINUTES} minutes ends; each use (written at most once a minute) restarts the clock`, async () => {
    const u = await freshUser();
    const id = await signIn(u.email);
    const t0 = (await row(id)).createdAt;

    // Within the minute: valid, and last_seen_at is not rewritten.
    expect(await resolveSession(id, { now: plus(t0, 30_000) })).not.toBeNull();
    expect((await row(id)).lastSeenAt).toEqual(t0);
    // Later: valid, and last_seen_at moves.
    const t1 = plus(t0, SESSION_IDLE_MINUTES * MINUTE - MINUTE);
    expect(await resolveSession(id, { now: t1 })).not.toBeNull();
    expect((await row(id)).lastSeenAt).toEqual(t1);
    expect(await resolveSession(id, { now: plus(t1, 59_000) })).not.toBeNull();
    expect((await row(id)).lastSeenAt).toEqual(t1);

    // Measured from the last use, not from sign-in.
    expect(await resolveSession(id, { now: plus(t1, SESSION_IDLE_MINUTES * MINUTE - MINUTE) })).not.toBeNull();
    const last = (await row(id)).lastSeenAt;
    expect(await resolveSession(id, { now: plus(last, SESSION_IDLE_MINUTES * MINUTE + 1000) })).toBeNull();
    expect(await listSessions({ actor: actorOf(u), userId: u.id, now: plus(last, SESSION_IDLE_MINUTES * MINUTE + 1000) })).toEqual({ sessions: [], total: 0 });
  });

  it(`absolute: a session in constant use still ends ${SESSION_ABSOLUTE_HOURS} hours after sign-in`, async () => {
    const u = await freshUser();
    const id = await signIn(u.email);
    const t0 = (await row(id)).createdAt;
    const step = Math.min(SESSION_IDLE_MINUTES * MINUTE - MINUTE, 6 * HOUR);
    let t = t0;
    while (t.getTime() + step < t0.getTime() + SESSION_ABSOLUTE_HOURS * HOUR) {
      t = plus(t, step);
      expect(await resolveSession(id, { now: t }), `still valid at +${(t.getTime() - t0.getTime()) / HOUR} h`).not.toBeNull();
    }
    expect(await resolveSession(id, { now: plus(t0, SESSION_ABSOLUTE_HOURS * HOUR - 1000) })).not.toBeNull();
    expect(await resolveSession(id, { now: plus(t0, SESSION_ABSOLUTE_HOURS * HOUR + 1000) })).toBeNull();
  });
});

describe("sign out everywhere", () => {
  it("ends every session of the signed-in user and nobody else's, audited once", async () => {
    const [u, other] = [await freshUser(), await freshUser()];
    const mine = [await signIn(u.email, "Laptop"), await signIn(u.email, "Phone"), await signIn(u.email, "Tablet")];
    const theirs = await signIn(other.email);
    expect((await listSessions({ actor: actorOf(u), userId: u.id })).total).toBe(3);
    const mark = await auditMark(db());
    expect(await signOutEverywhere({ actor: actorOf(u) })).toEqual({ sessionsEnded: 3 });
    for (const id of mine) expect(await resolveSession(id)).toBeNull();
    expect(await resolveSession(theirs)).not.toBeNull();
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "auth.sessions_revoked", actorId: u.id, entityId: u.id, after: { revokeReason: "signed_out_everywhere", sessionsEnded: 3 } },
    ]);
    expect(await listSessions({ actor: actorOf(u), userId: u.id })).toEqual({ sessions: [], total: 0 });
  });
});

describe("an admin ends a user's sessions", () => {
  it("ends them all, audited with the admin as actor; through the admin action too", async () => {
    const u = await freshUser();
    const ids = [await signIn(u.email), await signIn(u.email)];
    const listed = await listSessions({ actor: admin, userId: u.id });
    expect(listed.total).toBe(2);
    expect(listed.sessions.map((s) => s.id).sort()).toEqual([...ids].sort());
    const mark = await auditMark(db());
    expect(await endUserSessions({ actor: admin, userId: u.id })).toEqual({ sessionsEnded: 2 });
    for (const id of ids) expect(await resolveSession(id)).toBeNull();
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "auth.sessions_revoked", actorId: admin.id, entityId: u.id, after: { revokeReason: "ended_by_admin", sessionsEnded: 2 } },
    ]);

    const again = await signIn(u.email);
    signInAs(admin);
    expect(await endUserSessionsAction(null, { userId: u.id })).toEqual({ ok: true, data: { sessionsEnded: 1 }, message: "Ended 1 session." });
    expect(await resolveSession(again)).toBeNull();
    expect(await endUserSessionsAction(null, { userId: u.id })).toEqual({ ok: true, data: { sessionsEnded: 0 }, message: "There were no sessions to end." });
  });

  it("nobody else may, nor list someone else's sessions; an unknown user is not found", async () => {
    const u = await freshUser();
    const id = await signIn(u.email);
    for (const role of ["cco", "executive", "head", "member"] as const) {
      const actor = cast.actors[role];
      await expectNoWrites(db(), () => expect(endUserSessions({ actor, userId: u.id })).rejects.toMatchObject({ kind: "forbidden" }));
      signInAs(actor);
      expect(await endUserSessionsAction(null, { userId: u.id })).toMatchObject({ ok: false, error: "You do not have permission to do that." });
      await expect(listSessions({ actor, userId: u.id })).rejects.toMatchObject({ kind: "forbidden" });
    }
    expect(await resolveSession(id)).not.toBeNull();
    await expect(endUserSessions({ actor: admin, userId: crypto.randomUUID() })).rejects.toMatchObject({ kind: "not_found" });
    signInAs(admin);
    expect(await endUserSessionsAction(null, { userId: "nope" })).toMatchObject({ ok: false, fieldErrors: { userId: expect.any(Array) } });
  });
});

describe("a new password", () => {
  it("chosen through a one-time link ends the sessions of the old one", async () => {
    const u = await freshUser();
    const id = await signIn(u.email);
    const { invitePath } = await issueInvite({ actor: admin, userId: u.id });
    const mark = await auditMark(db());
    await acceptInvite({ token: invitePath!.split("/").pop()!, password: "a fresh start passphrase" });
    expect(await resolveSession(id)).toBeNull();
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.actorId])).toEqual([
      ["user.password_set", u.id],
      ["auth.sessions_revoked", u.id],
    ]);
  });
});

describe("housekeeping", () => {
  it(`deletes sessions ${ENDED_SESSION_RETENTION_DAYS} days after they ended and attempts no window can count; live sessions, recent ends and the audit log stay`, async () => {
    const [u, other] = [await freshUser(), await freshUser()];
    const live = await signIn(u.email);
    const revokedLongAgo = await signIn(u.email, "Old phone");
    const revokedRecently = await signIn(other.email);
    const t0 = (await row(live)).createdAt;
    const DAY = 24 * HOUR;
    await db().update(sessions).set({ revokedAt: new Date(t0.getTime() - (ENDED_SESSION_RETENTION_DAYS + 1) * DAY), revokeReason: "signed_out" }).where(eq(sessions.id, revokedLongAgo));
    await db().update(sessions).set({ revokedAt: new Date(t0.getTime() - DAY), revokeReason: "signed_out" }).where(eq(sessions.id, revokedRecently));
    const windowMinutes = Math.max(SIGN_IN_WINDOW_MINUTES, SIGN_IN_IP_WINDOW_MINUTES);
    const email = `pruned.${crypto.randomBytes(4).toString("hex")}@example.test`;
    await db().insert(signInFailures).values([
      { emailLower: email, attemptedAt: new Date(t0.getTime() - windowMinutes * MINUTE - 2 * DAY) },
      { emailLower: email, attemptedAt: new Date(t0.getTime() - MINUTE) },
    ]);
    const auditBefore = await auditMark(db());

    const first = await pruneAuthRecords({ now: t0 });
    expect(first.sessions).toBeGreaterThanOrEqual(1);
    expect(first.attempts).toBeGreaterThanOrEqual(1);
    const left = await db().select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, [live, revokedLongAgo, revokedRecently]));
    expect(left.map((s) => s.id).sort()).toEqual([live, revokedRecently].sort());
    expect(await resolveSession(live, { now: t0 })).not.toBeNull();
    const attempts = await db().select({ at: signInFailures.attemptedAt }).from(signInFailures).where(eq(signInFailures.emailLower, email));
    expect(attempts).toHaveLength(1);
    expect(await auditSince(db(), auditBefore)).toEqual([]);

    // A session unused past its absolute lifetime goes once that end is a retention period old.
    const later = plus(t0, SESSION_ABSOLUTE_HOURS * HOUR + ENDED_SESSION_RETENTION_DAYS * DAY + MINUTE);
    await pruneAuthRecords({ now: later });
    expect(await db().select({ id: sessions.id }).from(sessions).where(eq(sessions.id, live))).toEqual([]);
    expect(await pruneAuthRecords({ now: later })).toEqual({ sessions: 0, attempts: expect.any(Number) });
  });
});
