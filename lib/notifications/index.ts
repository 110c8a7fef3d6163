import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { departments, notifications, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { rolesWith } from "@/lib/permissions";
import { queueNotificationEmails } from "./email";

export type NotificationKind = (typeof notifications.$inferInsert)["kind"];

export type NewNotification = { kind: NotificationKind; title: string; body?: string; link?: string | null };

/** Queues a notification for each user, in the caller's transaction (so it exists only if the change does). */
export async function notifyUsers(tx: Executor, userIds: (string | null | undefined)[], n: NewNotification, exceptUserId?: string) {
  const ids = [...new Set(userIds.filter((id): id is string => Boolean(id) && id !== exceptUserId))];
  if (!ids.length) return;
  const created = await tx
    .insert(notifications)
    .values(ids.map((userId) => ({ userId, kind: n.kind, title: n.title, body: n.body ?? "", link: n.link ?? null })))
    .returning({ id: notifications.id, userId: notifications.userId });
  // Those who chose email for this kind get it by email too (lib/notifications/email.ts).
  await queueNotificationEmails(tx, created, n.kind);
}

/** The active head of a department (or nobody). */
export async function departmentHeadIds(tx: Executor, departmentIds: string[]): Promise<string[]> {
  if (!departmentIds.length) return [];
  const rows = await tx
    .select({ id: users.id })
    .from(departments)
    .innerJoin(users, and(eq(users.id, departments.headUserId), eq(users.active, true)))
    .where(inArray(departments.id, departmentIds));
  return rows.map((r) => r.id);
}

/** The active CCOs: whoever may assign stages and decide disputes hears about orphans and new disputes. */
export async function activeCcoIds(tx: Executor): Promise<string[]> {
  const rows = await tx.select({ id: users.id }).from(users).where(and(inArray(users.role, rolesWith("ownership.assign")), eq(users.active, true)));
  return rows.map((r) => r.id);
}

export type NotificationItem = { id: string; kind: NotificationKind; title: string; body: string; link: string | null; createdAt: string; read: boolean };

/** The caller's own notifications: nobody can read another person's. */
export async function listMyNotifications(actor: Actor, limit = 20): Promise<{ unread: number; items: NotificationItem[] }> {
  const db = await getDb();
  const [[{ unread } = { unread: 0 }], rows] = await Promise.all([
    db.select({ unread: count() }).from(notifications).where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt))),
    db.select().from(notifications).where(eq(notifications.userId, actor.id)).orderBy(desc(notifications.createdAt)).limit(limit),
  ]);
  return {
    unread,
    items: rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.createdAt.toISOString(), read: n.readAt !== null })),
  };
}

/** Marks the caller's notifications read (all of them when no ids are given). Others' ids are ignored. */
export async function markNotificationsRead(actor: Actor, ids?: string[]): Promise<number> {
  const db = await getDb();
  const where = [eq(notifications.userId, actor.id), isNull(notifications.readAt)];
  if (ids) {
    if (!ids.length) return 0;
    where.push(inArray(notifications.id, ids));
  }
  const updated = await db.update(notifications).set({ readAt: sql`now()` }).where(and(...where)).returning({ id: notifications.id });
  return updated.length;
}
