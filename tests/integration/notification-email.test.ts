import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { saveNotificationPreferencesAction } from "@/app/(app)/notifications/actions";
import { notifications } from "@/db/schema";
import { runJob } from "@/lib/jobs/definitions";
import type { LocalRunner } from "@/lib/jobs/local";
import { myNotificationPreferences, notificationPreferencesSchema } from "@/lib/notifications/preferences";
import { sendDigests } from "@/lib/notifications/email";
import { proposeHandoff, assignOwnership } from "@/lib/ownership/commands";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, makeHeadedDepartment, makeJourney, type HeadedDepartment } from "../helpers/ownership-fixtures";
import { signInAs } from "../helpers/session";
import { useMailAndJobs } from "../helpers/mail-and-jobs";

// As a form posts it (every kind a field); the action checks what it is given.
const save = (input: Record<string, string>) => saveNotificationPreferencesAction(null, input as never);
const all = (channel: string) => Object.fromEntries(notificationPreferencesSchema.keyof().options.map((k) => [k, channel]));

describe("notification email", () => {
  const db = useTestDatabase();
  const box = useMailAndJobs();
  let cast: Awaited<ReturnType<typeof makeCast>>;

  beforeAll(async () => {
    cast = await makeCast(db());
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
    const before = box.smtp.mails.length;
    await offer(from, to);
    await box.smtp.waitFor(before + 1);
    if ("drain" in box.runner) await (box.runner as LocalRunner).drain();
    const mail = box.smtp.mails.at(-1)!;
    expect(mail.to).toEqual([to.head.email]);
    expect(mail.raw).toMatch(/Subject: .*offer/i);
    const [n] = await db().select().from(notifications).where(and(eq(notifications.userId, to.head.id), eq(notifications.kind, "handoff_offered")));
    expect(n!.emailedAt).not.toBeNull();
    // The job again (a retry, a second worker): nothing more is sent.
    await runJob("email.notification", { notificationId: n!.id });
    expect(box.smtp.mails.length).toBe(before + 1);
    // The other department's head left it in the app: no email to them.
    expect(box.smtp.mails.some((m) => m.to.includes(from.head.email))).toBe(false);
  });

  it("'digest' collects notifications into one daily email; a refused email is kept for the next run", async () => {
    const [a, b, to] = [await makeHeadedDepartment(db()), await makeHeadedDepartment(db()), await makeHeadedDepartment(db())];
    signInAs(to.head);
    await save({ ...all("digest") });
    signInAs(null);
    await offer(a, to);
    await offer(b, to);
    box.smtp.refuse(true);
    await expect(sendDigests()).rejects.toThrow();
    expect(await db().select().from(notifications).where(and(eq(notifications.userId, to.head.id), isNull(notifications.emailedAt)))).toHaveLength(2);
    box.smtp.refuse(false);
    const before = box.smtp.mails.length;
    expect(await runJob("email.digest", {})).toBe(1);
    expect(box.smtp.mails.length).toBe(before + 1);
    const digest = box.smtp.mails.at(-1)!;
    expect(digest.to).toEqual([to.head.email]);
    expect(digest.raw).toContain("Your Throughline digest: 2 notifications");
    expect(await sendDigests()).toBe(0);
  });
});
