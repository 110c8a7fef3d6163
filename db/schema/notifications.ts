import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { users } from "./users";

export const notificationKindEnum = pgEnum("notification_kind", [
  "handoff_offered",
  "handoff_accepted",
  "handoff_declined",
  "handoff_cancelled",
  "stage_reassigned",
  "stage_orphaned",
  "goal_stale",
  "goal_stale_escalated",
  "goal_off_track",
  "dispute_raised",
  "dispute_under_review",
  "dispute_decided",
  "dispute_overdue",
  "webhook_disabled",
]);

export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    kind: notificationKindEnum("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_user_time_idx").on(t.userId, t.createdAt),
    index("notifications_user_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

export type Notification = typeof notifications.$inferSelect;
