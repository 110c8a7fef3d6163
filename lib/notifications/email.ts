import { and, eq, inArray, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { getDb, resultRows, type Executor } from "@/db/client";
import { notificationPreferences, users } from "@/db/schema";
import { env } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/runner";

type Holder = { url?: string; transport?: Transporter };
const holder = ((globalThis as { __throughlineMail?: Holder }).__throughlineMail ??= {});

/** The SMTP transport of SMTP_URL, or null when email is not configured. */
export function mailTransport(): Transporter | null {
  if (!env.SMTP_URL) return null;
  if (holder.url !== env.SMTP_URL || !holder.transport) {
    holder.transport = nodemailer.createTransport(env.SMTP_URL);
    holder.url = env.SMTP_URL;
  }
  return holder.transport;
}

export const emailConfigured = () => Boolean(env.SMTP_URL);
const appUrl = () => (process.env.APP_URL ?? "http://localhost:3000").replace(/\/+$/, "");

/**
 * Queues an email for each new notification whose recipient chose "email" for its kind, in the
 * transaction that created it (so an email goes out only for a change that committed).
 */
export async function queueNotificationEmails(tx: Executor, created: { id: string; userId: string }[], kind: string): Promise<void> {
  if (!created.length || !emailConfigured()) return;
  const wanting = await tx
    .select({ userId: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, created.map((c) => c.userId)), eq(notificationPreferences.kind, kind as never), eq(notificationPreferences.channel, "email")));
  const ids = new Set(wanting.map((w) => w.userId));
  for (const n of created) if (ids.has(n.userId)) await enqueueJob(tx, "email.notification", { notificationId: n.id });
}

type Row = { id: string; title: string; body: string; link: string | null; email: string; name: string; active: boolean };

/**
 * Sends one notification by email. It is claimed first (emailed_at set by one UPDATE … RETURNING),
 * so two workers or a second run send it once; if the SMTP server refuses, the claim is given back
 * and the job retried.
 */
export async function sendNotificationEmail(notificationId: string): Promise<"sent" | "skipped"> {
  const mail = mailTransport();
  if (!mail) return "skipped";
  const db = await getDb();
  const [n] = resultRows<Row>(
    await db.execute(sql`
      update notifications n set emailed_at = now() from users u
      where n.id = ${notificationId} and u.id = n.user_id and n.emailed_at is null
      returning n.id, n.title, n.body, n.link, u.email, u.name, u.active`),
  );
  if (!n) return "skipped";
  if (!n.active) return "skipped";
  try {
    await mail.sendMail({
      from: env.MAIL_FROM,
      to: { name: n.name, address: n.email },
      subject: n.title,
      text: [n.body, n.link ? `${appUrl()}${n.link}` : null, "", "You chose to receive this kind of notification by email; change it under Notifications → Preferences."].filter((l) => l !== null).join("\n"),
    });
  } catch (e) {
    await db.execute(sql`update notifications set emailed_at = null where id = ${notificationId}`);
    throw e;
  }
  return "sent";
}

/**
 * The daily digest: for each person, one email listing every notification of the kinds they
 * chose "digest" for that was not emailed yet. Claimed in one statement, so it runs once
 * whichever server runs it; a person whose email the server refuses gets theirs back for the
 * next run.
 */
export async function sendDigests(): Promise<number> {
  const mail = mailTransport();
  if (!mail) return 0;
  const db = await getDb();
  const claimed = resultRows<{ id: string; userId: string; title: string; link: string | null }>(
    await db.execute(sql`
      update notifications n set emailed_at = now()
      from notification_preferences p
      where p.user_id = n.user_id and p.kind = n.kind and p.channel = 'digest' and n.emailed_at is null
      returning n.id, n.user_id as "userId", n.title, n.link`),
  );
  const byUser = new Map<string, typeof claimed>();
  for (const c of claimed) byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c]);
  if (!byUser.size) return 0;
  const people = await db.select({ id: users.id, email: users.email, name: users.name, active: users.active }).from(users).where(inArray(users.id, [...byUser.keys()]));
  let sent = 0;
  let failure: unknown;
  for (const p of people) {
    const items = byUser.get(p.id)!;
    if (!p.active) continue;
    try {
      await mail.sendMail({
        from: env.MAIL_FROM,
        to: { name: p.name, address: p.email },
        subject: `Your Throughline digest: ${items.length} ${items.length === 1 ? "notification" : "notifications"}`,
        text: [...items.map((i) => `• ${i.title}${i.link ? `\n  ${appUrl()}${i.link}` : ""}`), "", "Change what comes in the digest under Notifications → Preferences."].join("\n"),
      });
      sent++;
    } catch (e) {
      failure = e;
      await db.execute(sql`update notifications set emailed_at = null where id in (${sql.join(items.map((i) => sql`${i.id}::uuid`), sql`, `)})`);
    }
  }
  if (failure) throw failure;
  return sent;
}
