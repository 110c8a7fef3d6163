import crypto from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { departments, sessions, userIdentities, users } from "@/db/schema";
import { resolveSession, type Actor } from "@/lib/auth/current-user";
import { endSession, endAllSessionsOf } from "@/lib/auth/session-commands";
import { SESSION_IDLE_MINUTES } from "@/lib/auth/sessions";
import { signInWithSso } from "@/lib/auth/sso";
import { parseDepartmentMap, parseRoleMap, type Claims, type SsoMapping } from "@/lib/auth/sso-claims";
import { createUser, setUserActive } from "@/lib/users/commands";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { actorOf, makeDepartment, makeUser } from "../helpers/factories";

// Single sign-on's provisioning and mapping (lib/auth/sso.ts) on the database: what a set of
// verified ID-token claims becomes in Throughline. The protocol itself, against a real
// provider, is the browser suite's (tests/e2e-sso).

const db = useTestDatabase();
const ISSUER = "https://idp.example.test";
const uniq = () => crypto.randomBytes(4).toString("hex");

const mapping = (over: Partial<SsoMapping> = {}): SsoMapping => ({
  roleClaim: "groups",
  roleMap: parseRoleMap("it-admins=admin,cx-leads=cco,execs=executive,team-leads=head"),
  departmentClaim: "department",
  departmentMap: [],
  defaultDepartment: null,
  trustEmail: false,
  ...over,
});

let sales: { id: string; name: string };
let admin: Actor;
beforeAll(async () => {
  sales = await makeDepartment(db(), `Sales ${uniq()}`);
  admin = actorOf(await makeUser(db(), { role: "admin" }));
});

const person = (over: Claims = {}): Claims => {
  const id = uniq();
  return { iss: ISSUER, sub: `sub-${id}`, email: `Person.${id}@Example.test`, email_verified: true, name: `Person ${id}`, ...over };
};
const signIn = (claims: Claims, m: SsoMapping = mapping()) => signInWithSso({ claims, issuer: ISSUER, mapping: m, userAgent: "Vitest" });
const userByEmail = async (email: string) => (await db().select().from(users).where(eq(users.email, email)))[0];
const sessionCount = async (userId: string) => (await db().select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)))[0]!.n;

describe("just-in-time provisioning", () => {
  it("creates a member of the department the claim names, links the subject, audits it and starts a database session", async () => {
    const claims = person({ department: sales.name.toUpperCase(), groups: ["staff"] });
    const mark = await auditMark(db());
    const result = await signIn(claims);
    expect(result).toMatchObject({ ok: true, provisioned: true, linked: false });
    if (!result.ok) throw new Error("refused");

    const user = await userByEmail(claims.email as string);
    expect(user).toMatchObject({ id: result.userId, name: claims.name, role: "member", departmentId: sales.id, active: true, passwordHash: null });
    const [identity] = await db().select().from(userIdentities).where(eq(userIdentities.userId, result.userId));
    expect(identity).toMatchObject({ issuer: ISSUER, subject: claims.sub });

    const events = await auditSince(db(), mark);
    expect(events).toMatchObject([
      { action: "user.provisioned", actorId: result.userId, entityType: "user", entityId: result.userId, after: { email: claims.email, role: "member", departmentId: sales.id, active: true } },
      { action: "auth.signed_in", actorId: result.userId, entityType: "session", after: { outcome: "success", method: "sso", issuer: ISSUER, subject: claims.sub, sessionId: result.sessionId } },
    ]);
    expect(events[0]!.reason).toContain("Member by default");
    expect(events[0]!.reason).toContain(`department ${sales.name}`);

    // The same session a password starts: resolved, timed out and ended the same way.
    expect(await resolveSession(result.sessionId)).toMatchObject({ sessionId: result.sessionId, actor: { id: result.userId, role: "member", departmentId: sales.id } });
    const later = new Date(Date.now() + (SESSION_IDLE_MINUTES + 1) * 60_000);
    expect(await resolveSession(result.sessionId, { now: later })).toBeNull();
    expect(await endSession({ sessionId: result.sessionId })).toBe(true);
    expect(await resolveSession(result.sessionId)).toBeNull();
  });

  it("maps groups to a role, the first matching entry of the map winning, and a department role needs a department", async () => {
    const cco = await signIn(person({ groups: ["staff", "cx-leads"] }));
    expect(cco.ok && (await resolveSession(cco.sessionId))?.actor).toMatchObject({ role: "cco", departmentId: null });

    // Both groups held: it-admins comes first in the map.
    const both = await signIn(person({ groups: ["cx-leads", "it-admins"] }));
    expect(both.ok && (await resolveSession(both.sessionId))?.actor.role).toBe("admin");

    // A single string claim counts as one value; a head takes the department claim.
    const head = await signIn(person({ groups: "team-leads", department: sales.name }));
    expect(head.ok && (await resolveSession(head.sessionId))?.actor).toMatchObject({ role: "head", departmentId: sales.id });
  });

  it("maps department claim values through OIDC_DEPARTMENT_MAP, skips archived departments and falls back to the default department", async () => {
    const archived = await makeDepartment(db(), `Old ${uniq()}`);
    await db().update(departments).set({ archived: true }).where(eq(departments.id, archived.id));
    const m = mapping({ departmentClaim: "groups", departmentMap: parseDepartmentMap(`dept-old=${archived.name},dept-sales=${sales.name}`) });

    const mapped = await signIn(person({ groups: ["dept-old", "dept-sales"] }), m);
    expect(mapped.ok && (await resolveSession(mapped.sessionId))?.actor.departmentId).toBe(sales.id);

    const mark = await auditMark(db());
    const nowhere = person({ groups: ["dept-old"] });
    expect(await signIn(nowhere, m)).toEqual({ ok: false, reason: "no_department" });
    expect(await userByEmail(nowhere.email as string)).toBeUndefined();
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "auth.sign_in_failed", actorId: null, entityId: null, after: { email: (nowhere.email as string).toLowerCase(), outcome: "no_department", method: "sso" } },
    ]);

    const fallback = await signIn(nowhere, { ...m, defaultDepartment: sales.name });
    expect(fallback.ok && (await resolveSession(fallback.sessionId))?.actor.departmentId).toBe(sales.id);
  });

  it("refuses to provision from an email the provider does not say is verified, unless OIDC_TRUST_EMAIL", async () => {
    const claims = person({ email_verified: false, department: sales.name });
    expect(await signIn(claims)).toEqual({ ok: false, reason: "email_unverified" });
    expect(await signIn({ ...claims, email_verified: undefined })).toEqual({ ok: false, reason: "email_unverified" });
    expect(await userByEmail(claims.email as string)).toBeUndefined();
    expect(await signIn(claims, mapping({ trustEmail: true }))).toMatchObject({ ok: true, provisioned: true });
  });

  it("refuses claims without a subject or an email, and audits the refusal", async () => {
    const mark = await auditMark(db());
    expect(await signIn(person({ sub: undefined }))).toEqual({ ok: false, reason: "invalid_claims" });
    expect(await signIn(person({ email: "not an email" }))).toEqual({ ok: false, reason: "invalid_claims" });
    const events = await auditSince(db(), mark);
    expect(events.map((e) => [e.action, (e.after as { outcome: string }).outcome])).toEqual([
      ["auth.sign_in_failed", "invalid_credentials"],
      ["auth.sign_in_failed", "invalid_credentials"],
    ]);
  });
});

describe("returning and existing users", () => {
  it("finds a returning person by issuer and subject: a new email or new groups at the provider change nothing", async () => {
    const claims = person({ department: sales.name });
    const first = await signIn(claims);
    if (!first.ok) throw new Error("refused");
    const again = await signIn({ ...claims, email: `renamed.${uniq()}@example.test`, groups: ["it-admins"] });
    expect(again).toMatchObject({ ok: true, userId: first.userId, provisioned: false, linked: false });
    expect(again.ok && again.sessionId).not.toBe(first.sessionId);
    expect(again.ok && (await resolveSession(again.sessionId))?.actor).toMatchObject({ role: "member", email: claims.email });
    // The same subject at another issuer is another person.
    expect(await signIn({ ...claims, iss: "https://other-idp.example.test", email: `x.${uniq()}@example.test` })).toMatchObject({ ok: true, provisioned: true });
  });

  it("matches an existing user by verified email (any case), links the subject and keeps their role", async () => {
    const existing = await makeUser(db(), { role: "executive", email: `Exec.${uniq()}@Example.test` });
    const claims = person({ email: existing.email.toLowerCase(), groups: ["it-admins"] });
    const mark = await auditMark(db());
    const result = await signIn(claims);
    expect(result).toMatchObject({ ok: true, userId: existing.id, provisioned: false, linked: true });
    expect(result.ok && (await resolveSession(result.sessionId))?.actor.role).toBe("executive");
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "auth.signed_in", actorId: existing.id, after: { method: "sso", linked: true, subject: claims.sub } }]);
    const links = await db().select().from(userIdentities).where(eq(userIdentities.userId, existing.id));
    expect(links).toHaveLength(1);
  });

  it("never matches an existing user by an unverified email", async () => {
    const existing = await makeUser(db(), { role: "admin", email: `boss.${uniq()}@example.test` });
    const mark = await auditMark(db());
    expect(await signIn(person({ email: existing.email, email_verified: false }))).toEqual({ ok: false, reason: "email_unverified" });
    expect(await db().select().from(userIdentities).where(eq(userIdentities.userId, existing.id))).toEqual([]);
    expect(await sessionCount(existing.id)).toBe(0);
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "auth.sign_in_failed", entityId: existing.id, after: { outcome: "email_unverified" } }]);
  });
});

describe("deactivated users", () => {
  it("refuses a deactivated user whatever the provider says, by subject or by email, and starts no session", async () => {
    const claims = person({ department: sales.name });
    const first = await signIn(claims);
    if (!first.ok) throw new Error("refused");
    // Deactivation ends the SSO session like any other.
    await setUserActive({ actor: admin, userId: first.userId, active: false });
    expect(await resolveSession(first.sessionId)).toBeNull();

    const mark = await auditMark(db());
    expect(await signIn(claims)).toEqual({ ok: false, reason: "deactivated" });
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "auth.sign_in_failed", actorId: null, entityId: first.userId, after: { outcome: "deactivated", method: "sso", subject: claims.sub } },
    ]);
    expect(await sessionCount(first.userId)).toBe(1);

    // Matched by email, never linked.
    const gone = await makeUser(db(), { role: "member", departmentId: sales.id, active: false, email: `gone.${uniq()}@example.test` });
    expect(await signIn(person({ email: gone.email }))).toEqual({ ok: false, reason: "deactivated" });
    expect(await db().select().from(userIdentities).where(eq(userIdentities.userId, gone.id))).toEqual([]);

    // Reactivated, they sign in again (and the old session stays ended).
    await setUserActive({ actor: admin, userId: first.userId, active: true });
    expect(await signIn(claims)).toMatchObject({ ok: true, userId: first.userId });
    expect(await resolveSession(first.sessionId)).toBeNull();
  });

  it("ends SSO sessions with 'sign out everywhere' like password sessions", async () => {
    const result = await signIn(person({ department: sales.name }));
    if (!result.ok) throw new Error("refused");
    const [u] = await db().select().from(users).where(eq(users.id, result.userId));
    await db().transaction((tx) => endAllSessionsOf(tx, { user: u!, reason: "signed_out_everywhere", actorId: u!.id }));
    expect(await resolveSession(result.sessionId)).toBeNull();
  });
});

describe("admins adding people", () => {
  it("refuses a single sign-on user where single sign-on is not set up, naming the field", async () => {
    await expect(
      createUser({ actor: admin, input: { email: `sso.${uniq()}@example.test`, name: "Sam", role: "executive", departmentId: null, setup: "sso" } }),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { setup: [expect.stringContaining("Single sign-on is not set up here")] } });
  });
});

describe("first sign-ins at once", () => {
  it("makes one user of two simultaneous first sign-ins of the same person", async () => {
    const claims = person({ department: sales.name });
    const [a, b] = await Promise.all([signIn(claims), signIn(claims)]);
    expect(a.ok && b.ok).toBe(true);
    expect(a.ok && b.ok && a.userId === b.userId).toBe(true);
    const n = await db().select({ n: count() }).from(users).where(eq(users.email, claims.email as string));
    expect(n[0]!.n).toBe(1);
    const links = await db()
      .select({ n: count() })
      .from(userIdentities)
      .where(and(eq(userIdentities.issuer, ISSUER), eq(userIdentities.subject, claims.sub as string)));
    expect(links[0]!.n).toBe(1);
  });
});
