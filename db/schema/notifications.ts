import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
  "follow_up_moved",
  "follow_up_overdue",
  "follow_up_escalated",
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
    // Sent by email (at once or in a digest): each notification is emailed at most once.
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_user_time_idx").on(t.userId, t.createdAt),
    index("notifications_user_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
    index("notifications_unemailed_idx").on(t.createdAt).where(sql`${t.emailedAt} is null`),
  ],
);

export const notificationChannelEnum = pgEnum("notification_channel", ["in_app", "email", "digest"]);

// How a person wants each kind of notification (migration 0017); no row means in the app only.
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id").notNull().references(() => users.id),
    kind: notificationKindEnum("kind").notNull(),
    channel: notificationChannelEnum("channel").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "notification_preferences_pk", columns: [t.userId, t.kind] })],
);

export type Notification = typeof notifications.$inferSelect;
