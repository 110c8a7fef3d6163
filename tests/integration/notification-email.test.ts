import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveNotificationPreferencesAction } from "@/app/(app)/notifications/actions";
import { notifications } from "@/db/schema";
import { env } from "@/lib/env";
import { runJob } from "@/lib/jobs/definitions";
import { startLocalRunner, type LocalRunner } from "@/lib/jobs/local";
import { startPgBoss } from "@/lib/jobs/pg-boss";
import { runnerHolder, type JobRunner } from "@/lib/jobs/runner";
import { myNotificationPreferences, notificationPreferencesSchema } from "@/lib/notifications/preferences";
import { sendDigests } from "@/lib/notifications/email";
import { proposeHandoff, assignOwnership } from "@/lib/ownership/commands";
import { auditMark, auditSince } from "../helpers/audit";
import { testDatabaseUrl, useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, makeHeadedDepartment, makeJourney, type HeadedDepartment } from "../helpers/ownership-fixtures";
import { signInAs } from "../helpers/session";
import { startSmtp } from "../helpers/smtp-receiver";

// As a form posts it (every kind a field); the action checks what it is given.
const save = (input: Record<string, string>) => saveNotificationPreferencesAction(null, input as never);
const all = (channel: string) => Object.fromEntries(notificationPreferencesSchema.keyof().options.map((k) => [k, channel]));

describe("notification email", () => {
  const db = useTestDatabase();
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let runner: JobRunner;
  let cast: Awaited<ReturnType<typeof makeCast>>;
  const saved = env.SMTP_URL;

  beforeAll(async () => {
    smtp = await startSmtp();
    // The environment is read once at start; the test points it at its own SMTP server.
    env.SMTP_URL = smtp.url;
    const url = testDatabaseUrl();
    runner = url ? await startPgBoss({ url, pollingIntervalSeconds: 0.5 }) : startLocalRunner({ work: true, schedule: false });
    runnerHolder.runner = runner;
    cast = await makeCast(db());
  });
  afterAll(async () => {
    runnerHolder.runner = undefined;
    await runner.stop();
    env.SMTP_URL = saved;
    await smtp.close();
  });

  const offer = async (from: HeadedDepartment, to: HeadedDepartment) => {
    const { stageIds } = await makeJourney(cast.actors.cco, 1);
    await assignOwnership({ actor: cast.actors.cco, input: assignInput(stageIds[0]!, from) });
    await proposeHandoff({ actor: from.head, input: { stageId: stageIds[0]!, toDepartmentId: to.id, note: "Yours", goalDisposition: "move", force: false } });
  };

  it("each person chooses per kind; the choice is their own and audited; bad values are named", async () => {
    const [from, to] = [await makeHeadedDepartment(db()), await makeHeadedDepartment(db())];
    signInAs(to.head);
    const bad = await save({ ...all("in_app"), handoff_offered: "fax", dispute_raised: "pigeon" });
    expect(bad).toMatchObject({ ok: false, code: "invalid" });
    expect(Object.keys((bad as { fieldErrors: object }).fieldErrors).sort()).toEqual(["dispute_raised", "handoff_offered"]);
    const mark = await auditMark(db());
    expect(await save({ ...all("in_app"), handoff_offered: "email" })).toMatchObject({ ok: true });
    const events = await auditSince(db(), mark);
    expect(events.map((e) => [e.action, e.entityId, e.before, e.after])).toEqual([["user.notification_preferences_updated", to.head.id, { handoff_offered: "in_app" }, { handoff_offered: "email" }]]);
    expect((await myNotificationPreferences(from.head)).handoff_offered).toBe("in_app");
    signInAs(null);
  });

  it("'email' sends the notification at once through the job queue, once; 'in_app' sends nothing", async () => {
    const [from, to] = [await makeHeadedDepartment(db()), await makeHeadedDepartment(db())];
    signInAs(to.head);
    await save({ ...all("in_app"), handoff_offered: "email" });
    signInAs(null);
    const before = smtp.mails.length;
    await offer(from, to);
    await smtp.waitFor(before + 1);
    if ("drain" in runner) await (runner as LocalRunner).drain();
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual([to.head.email]);
    expect(mail.raw).toMatch(/Subject: .*offer/i);
    const [n] = await db().select().from(notifications).where(and(eq(notifications.userId, to.head.id), eq(notifications.kind, "handoff_offered")));
    expect(n!.emailedAt).not.toBeNull();
    // The job again (a retry, a second worker): nothing more is sent.
    await runJob("email.notification", { notificationId: n!.id });
    expect(smtp.mails.length).toBe(before + 1);
    // The other department's head left it in the app: no email to them.
    expect(smtp.mails.some((m) => m.to.includes(from.head.email))).toBe(false);
  });

  it("'digest' collects notifications into one daily email; a refused email is kept for the next run", async () => {
    const [a, b, to] = [await makeHeadedDepartment(db()), await makeHeadedDepartment(db()), await makeHeadedDepartment(db())];
    signInAs(to.head);
    await save({ ...all("digest") });
    signInAs(null);
    await offer(a, to);
    await offer(b, to);
    smtp.refuse(true);
    await expect(sendDigests()).rejects.toThrow();
    expect(await db().select().from(notifications).where(and(eq(notifications.userId, to.head.id), isNull(notifications.emailedAt)))).toHaveLength(2);
    smtp.refuse(false);
    const before = smtp.mails.length;
    expect(await runJob("email.digest", {})).toBe(1);
    expect(smtp.mails.length).toBe(before + 1);
    const digest = smtp.mails.at(-1)!;
    expect(digest.to).toEqual([to.head.email]);
    expect(digest.raw).toContain("Your Throughline digest: 2 notifications");
    expect(await sendDigests()).toBe(0);
  });
});
