import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { requestPasswordLinkAction } from "@/app/(auth)/sign-in/link/actions";
import { invites, signInLinkRequests } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { env } from "@/lib/env";
import { runJob } from "@/lib/jobs/definitions";
import type { LocalRunner } from "@/lib/jobs/local";
import { runnerHolder } from "@/lib/jobs/runner";
import { acceptInvite, createUser, describeInvite, issueInvite, setUserActive } from "@/lib/users/commands";
import {
  LINK_EMAIL_UNAVAILABLE,
  LINK_REQUEST_ANSWER,
  LINK_REQUEST_THROTTLED,
  LINK_REQUESTS_PER_ADDRESS_PER_HOUR,
  LINK_REQUESTS_PER_EMAIL_PER_HOUR,
  pruneLinkRequests,
  requestPasswordLink,
  sendLinkEmail,
} from "@/lib/users/email-links";
import { hashInviteToken } from "@/lib/users/invites";
import { auditMark, auditSince } from "../helpers/audit";
import { asOwner, rows, testDatabaseUrl, useTestDatabase } from "../helpers/db";
import { makeCast, makeUser } from "../helpers/factories";
import { linkToken, mailText } from "../helpers/mail-text";
import { useMailAndJobs } from "../helpers/mail-and-jobs";

// The public action reads the request's headers for the client address (none without TRUST_PROXY).
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const uniq = () => crypto.randomBytes(4).toString("hex");
const INVALID_LINK = "This link is not valid or has expired. Ask for a new one with “Forgot your password?” on the sign-in page, or ask an admin.";

describe("invite and password links by email", () => {
  const db = useTestDatabase();
  const box = useMailAndJobs();
  let cast: Awaited<ReturnType<typeof makeCast>>;

  beforeAll(async () => {
    cast = await makeCast(db());
  });

  const mailsTo = (address: string) => box.smtp.mails.filter((m) => m.to.includes(address));
  /** Waits for the queue to have sent `n` messages to `address` (the local box.runner is drained; pg-boss polls). */
  const mailsReach = async (address: string, n: number) => {
    if (box.runner.kind === "local") await (box.runner as LocalRunner).drain();
    while (mailsTo(address).length < n) await box.smtp.waitFor(box.smtp.mails.length + 1);
  };
  const drain = async () => {
    if (box.runner.kind === "local") await (box.runner as LocalRunner).drain();
  };
  const linkRows = (userId: string) => db().select().from(invites).where(eq(invites.userId, userId));

  it("an admin's invite goes to the invitee by email, exactly once, and the admin never sees the link", async () => {
    const email = `invitee-${uniq()}@example.test`;
    const mark = await auditMark(db());
    const created = await createUser({ actor: cast.actors.admin, input: { email, name: "Ines Invitee", role: "member", departmentId: cast.dept.id, setup: "invite" } });
    expect(created).toMatchObject({ invitePath: null, emailedTo: email });
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.after])).toEqual([
      ["user.created", expect.anything()],
      ["user.invite_issued", { delivery: "email" }],
    ]);
    // Until the job runs, the stored hash belongs to no token anybody has.
    await mailsReach(email, 1);
    const [mail] = mailsTo(email);
    expect(mail!.raw).toMatch(/Subject: You are invited to Throughline/);
    expect(mailText(mail!)).toContain("within 7 days");
    const token = linkToken(mail!)!;
    expect(token).toBeTruthy();

    // Stored hashed; the token is nowhere in the database (nor the queue's tables on PostgreSQL).
    const [row] = await linkRows(created.userId);
    expect(row).toMatchObject({ purpose: "invite", sendByEmail: true, tokenHash: hashInviteToken(token), usedAt: null });
    expect(row!.emailedAt).toBeInstanceOf(Date);
    if (testDatabaseUrl()) expect(await rows(db(), sql`select 1 from pgboss.job where data::text like ${`%${token}%`}`)).toEqual([]);

    // The job running again (a retry, a second worker) sends nothing more.
    expect(await runJob("email.link", { inviteId: row!.id })).toBe("skipped");
    expect(mailsTo(email)).toHaveLength(1);

    expect(await describeInvite(token)).toEqual({ valid: true, email, name: "Ines Invitee" });
    await acceptInvite({ token, password: "a chosen passphrase" });
    expect(await verifyCredentials({ email, password: "a chosen passphrase" })).toMatchObject({ ok: true });
    expect(await describeInvite(token)).toEqual({ valid: false, reason: INVALID_LINK });
  });

  it("a new link from the user's page is emailed too and replaces the older one", async () => {
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id, withPassword: false });
    expect(await issueInvite({ actor: cast.actors.admin, userId: u.id })).toEqual({ invitePath: null, emailedTo: u.email });
    await mailsReach(u.email, 1);
    const first = linkToken(mailsTo(u.email)[0]!)!;
    expect(await issueInvite({ actor: cast.actors.admin, userId: u.id })).toEqual({ invitePath: null, emailedTo: u.email });
    await mailsReach(u.email, 2);
    const second = linkToken(mailsTo(u.email)[1]!)!;
    expect(second).not.toBe(first);
    expect(await describeInvite(first)).toEqual({ valid: false, reason: INVALID_LINK });
    expect(await describeInvite(second)).toMatchObject({ valid: true });
  });

  it("asking on the sign-in page emails an active user a short-lived single-use link, audited; an unknown address gets the same answer and nothing", async () => {
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id });
    const mark = await auditMark(db());
    // Any case and spacing of the address; the answer for an unknown one is the same (no error, nothing else).
    await expect(requestPasswordLink({ email: ` ${u.email.toUpperCase()} `, clientAddress: null })).resolves.toBeUndefined();
    await expect(requestPasswordLink({ email: `nobody-${uniq()}@example.test`, clientAddress: null })).resolves.toBeUndefined();
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "user.sign_in_link_requested", actorId: null, entityId: u.id, after: { outcome: "queued" } }]);
    await mailsReach(u.email, 1);
    const mail = mailsTo(u.email)[0]!;
    expect(mail.raw).toMatch(/Subject: Set a new Throughline password/);
    expect(mailText(mail)).toMatch(new RegExp(`within (${env.SIGN_IN_LINK_MINUTES}|${env.SIGN_IN_LINK_MINUTES - 1}) minutes`));
    const token = linkToken(mail)!;

    const [row] = (await linkRows(u.id)).filter((r) => r.purpose === "reset");
    expect(row).toMatchObject({ tokenHash: hashInviteToken(token), createdById: null });
    const minutes = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 60_000;
    expect(minutes).toBeCloseTo(env.SIGN_IN_LINK_MINUTES, 0);

    // Single use: the password is set, every session of the old one ends, the link is spent.
    await acceptInvite({ token, password: "a reset passphrase" });
    expect(await verifyCredentials({ email: u.email, password: "a reset passphrase" })).toMatchObject({ ok: true });
    await expect(acceptInvite({ token, password: "once more please!" })).rejects.toMatchObject({ kind: "invalid", message: INVALID_LINK });
    expect(mailsTo(u.email)).toHaveLength(1);
  });

  it("the sign-in page's action names a bad address at its field and answers a real and an unknown address alike", async () => {
    const bad = await requestPasswordLinkAction(null, { email: "not an address" });
    expect(bad).toMatchObject({ ok: false, code: "invalid", fieldErrors: { email: [expect.stringContaining("valid email")] } });
    expect(await requestPasswordLinkAction(null, "hello" as never)).toMatchObject({ ok: false, code: "invalid" });
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id });
    const real = await requestPasswordLinkAction(null, { email: u.email });
    const unknown = await requestPasswordLinkAction(null, { email: `stranger-${uniq()}@example.test` });
    expect(real).toEqual(unknown);
    expect(real).toEqual({ ok: true, data: null, message: LINK_REQUEST_ANSWER });
    await mailsReach(u.email, 1);
  });

  it("a deactivated user is refused (audited, nothing sent), with the same answer; an expired link does not work", async () => {
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id });
    await requestPasswordLink({ email: u.email, clientAddress: null });
    await mailsReach(u.email, 1);
    const token = linkToken(mailsTo(u.email)[0]!);
    // Expired: past its minutes, the link is refused.
    await db().update(invites).set({ createdAt: sql`now() - interval '2 hours'`, expiresAt: sql`now() - interval '1 minute'` }).where(eq(invites.userId, u.id));
    expect(await describeInvite(token!)).toEqual({ valid: false, reason: INVALID_LINK });

    await setUserActive({ actor: cast.actors.admin, userId: u.id, active: false });
    const mark = await auditMark(db());
    await expect(requestPasswordLink({ email: u.email, clientAddress: null })).resolves.toBeUndefined();
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "user.sign_in_link_requested", entityId: u.id, after: { outcome: "refused_deactivated" } }]);
    await drain();
    expect((await linkRows(u.id)).filter((r) => r.usedAt === null && r.expiresAt.getTime() > Date.now())).toEqual([]);
    expect(mailsTo(u.email)).toHaveLength(1);
  });

  it("a link queued before its person was deactivated is not sent", async () => {
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id });
    const [row] = await db().insert(invites).values({ userId: u.id, purpose: "reset", sendByEmail: true, tokenHash: hashInviteToken(uniq()), expiresAt: sql`now() + interval '30 minutes'` }).returning();
    await setUserActive({ actor: cast.actors.admin, userId: u.id, active: false });
    expect(await sendLinkEmail(row!.id)).toBe("skipped");
  });

  it("throttles per address typed, whether or not it is anyone's, and per client address, with one answer for all", async () => {
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id });
    const unknown = `ghost-${uniq()}@example.test`;
    for (const email of [u.email, unknown]) {
      for (let i = 0; i < LINK_REQUESTS_PER_EMAIL_PER_HOUR; i++) await requestPasswordLink({ email, clientAddress: null });
      const mark = await auditMark(db());
      await expect(requestPasswordLink({ email, clientAddress: null })).rejects.toMatchObject({ kind: "invalid", message: LINK_REQUEST_THROTTLED });
      expect(await auditSince(db(), mark)).toEqual([]);
    }
    // One client address asking for many different addresses.
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < LINK_REQUESTS_PER_ADDRESS_PER_HOUR; i++) await requestPasswordLink({ email: `spray-${i}-${uniq()}@example.test`, clientAddress: address });
    await expect(requestPasswordLink({ email: `spray-last-${uniq()}@example.test`, clientAddress: address })).rejects.toMatchObject({ message: LINK_REQUEST_THROTTLED });
    await expect(requestPasswordLink({ email: `other-${uniq()}@example.test`, clientAddress: "198.51.100.250" })).resolves.toBeUndefined();

    // Requests older than a day are pruned; the hour's window then allows new ones.
    // The app may not rewrite a request's time (no UPDATE grant): the owner ages it.
    await asOwner((owner) => owner.update(signInLinkRequests).set({ requestedAt: sql`now() - interval '2 days'` }).where(sql`${signInLinkRequests.emailLower} = ${unknown}`));
    expect(await pruneLinkRequests()).toBeGreaterThanOrEqual(LINK_REQUESTS_PER_EMAIL_PER_HOUR);
    await expect(requestPasswordLink({ email: unknown, clientAddress: null })).resolves.toBeUndefined();
    await drain();
  });

  it("an SMTP refusal gives the claim back; the retry sends one working link", async () => {
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id, withPassword: false });
    await drain();
    box.smtp.refuse(true);
    const saved = runnerHolder.runner;
    runnerHolder.runner = undefined; // queue nothing: this test runs the job itself
    try {
      await issueInvite({ actor: cast.actors.admin, userId: u.id });
    } finally {
      runnerHolder.runner = saved;
    }
    const [row] = await linkRows(u.id);
    await expect(sendLinkEmail(row!.id)).rejects.toThrow();
    expect((await linkRows(u.id))[0]).toMatchObject({ emailedAt: null, usedAt: null });
    box.smtp.refuse(false);
    expect(await sendLinkEmail(row!.id)).toBe("sent");
    expect(await sendLinkEmail(row!.id)).toBe("skipped");
    expect(mailsTo(u.email)).toHaveLength(1);
    expect(await describeInvite(linkToken(mailsTo(u.email)[0]!)!)).toMatchObject({ valid: true, email: u.email });
  });

  it("without SMTP the admin is shown the link as before, and the sign-in page's request is refused with a reason", async () => {
    env.SMTP_URL = undefined;
    try {
      const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id, withPassword: false });
      const { invitePath, emailedTo } = await issueInvite({ actor: cast.actors.admin, userId: u.id });
      expect(emailedTo).toBeNull();
      expect(invitePath).toMatch(/^\/invite\/\S{20,}$/);
      await expect(requestPasswordLink({ email: u.email, clientAddress: null })).rejects.toMatchObject({ kind: "invalid", message: LINK_EMAIL_UNAVAILABLE });
    } finally {
      env.SMTP_URL = box.smtp.url;
    }
  });
});
