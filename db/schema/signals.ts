import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { departments } from "./departments";
import { disputes } from "./disputes";
import { goals } from "./goals";
import { stages } from "./journeys";
import { users } from "./users";

// The customer's voice (migration 0020). Triggers there keep signal_daily current and refuse a
// change to a signal's stage, time, scale or score; see the migration for the details.
export const signalSourceEnum = pgEnum("signal_source", ["survey", "support", "review", "interview", "other"]);
export const signalScaleEnum = pgEnum("signal_scale", ["csat", "nps", "ces"]);
export const followUpStatusEnum = pgEnum("follow_up_status", ["open", "acknowledged", "action_taken", "closed"]);
export const followUpReasonEnum = pgEnum("follow_up_reason", ["threshold", "flagged"]);

export const customerSignals = pgTable(
  "customer_signals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    stageId: uuid("stage_id").notNull().references(() => stages.id),
    source: signalSourceEnum("source").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    scale: signalScaleEnum("scale"),
    score: numeric("score"),
    comment: text("comment"),
    customerRef: text("customer_ref"),
    channel: text("channel").notNull().default(""),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    // A redacted or expired comment is gone; when, by whom (null: the retention job) and why stay.
    commentRemovedAt: timestamp("comment_removed_at", { withTimezone: true }),
    commentRemovedById: uuid("comment_removed_by_id").references(() => users.id),
    commentRemovedReason: text("comment_removed_reason"),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("customer_signals_stage_time_idx").on(t.stageId, t.receivedAt),
    index("customer_signals_received_idx").on(t.receivedAt, t.id),
    index("customer_signals_comment_age_idx").on(t.receivedAt).where(sql`${t.comment} is not null`),
    check("customer_signals_score_scale_ck", sql`(${t.score} is null) = (${t.scale} is null)`),
    check(
      "customer_signals_score_range_ck",
      sql`${t.scale} is null or (${t.scale} = 'csat' and ${t.score} between 1 and 5) or (${t.scale} = 'nps' and ${t.score} between 0 and 10) or (${t.scale} = 'ces' and ${t.score} between 1 and 7)`,
    ),
    check("customer_signals_comment_ck", sql`${t.comment} is null or char_length(${t.comment}) between 1 and 5000`),
    check("customer_signals_removed_ck", sql`${t.commentRemovedAt} is null or (${t.comment} is null and length(trim(coalesce(${t.commentRemovedReason}, ''))) > 0)`),
    check("customer_signals_ref_ck", sql`${t.customerRef} is null or char_length(${t.customerRef}) between 1 and 200`),
    check("customer_signals_channel_ck", sql`char_length(${t.channel}) <= 100`),
    check("customer_signals_tags_ck", sql`cardinality(${t.tags}) <= 20`),
  ],
);

/** Per stage, day (company time zone) and scale ('none' when unscored): maintained by triggers. */
export const signalDaily = pgTable(
  "signal_daily",
  {
    stageId: uuid("stage_id").notNull().references(() => stages.id),
    day: date("day", { mode: "string" }).notNull(),
    scale: text("scale").notNull(),
    signals: integer("signals").notNull().default(0),
    scoreSum: numeric("score_sum").notNull().default("0"),
    negative: integer("negative").notNull().default(0),
    promoters: integer("promoters").notNull().default(0),
    detractors: integer("detractors").notNull().default(0),
  },
  (t) => [
    primaryKey({ name: "signal_daily_pk", columns: [t.stageId, t.day, t.scale] }),
    index("signal_daily_day_idx").on(t.day),
    check("signal_daily_scale_ck", sql`${t.scale} in ('csat', 'nps', 'ces', 'none')`),
    check(
      "signal_daily_counts_ck",
      sql`${t.signals} >= 0 and ${t.negative} between 0 and ${t.signals} and ${t.promoters} >= 0 and ${t.detractors} >= 0 and ${t.promoters} + ${t.detractors} <= ${t.signals}`,
    ),
  ],
);

export const followUps = pgTable(
  "follow_ups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    signalId: uuid("signal_id").notNull().references(() => customerSignals.id),
    stageId: uuid("stage_id").notNull().references(() => stages.id),
    // The stage's accountable department; null while the stage has no owner (the CCOs' queue).
    departmentId: uuid("department_id").references(() => departments.id),
    reason: followUpReasonEnum("reason").notNull(),
    status: followUpStatusEnum("status").notNull().default("open"),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    goalId: uuid("goal_id").references(() => goals.id),
    disputeId: uuid("dispute_id").references(() => disputes.id),
    overdueNotifiedAt: timestamp("overdue_notified_at", { withTimezone: true }),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    openedById: uuid("opened_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("follow_ups_signal_uq").on(t.signalId),
    index("follow_ups_department_open_idx").on(t.departmentId, t.dueAt).where(sql`${t.status} <> 'closed'`),
    index("follow_ups_stage_open_idx").on(t.stageId).where(sql`${t.status} <> 'closed'`),
    index("follow_ups_due_open_idx").on(t.dueAt).where(sql`${t.status} <> 'closed'`),
    check("follow_ups_closed_ck", sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
    check("follow_ups_due_ck", sql`${t.dueAt} > ${t.createdAt}`),
    check("follow_ups_flagged_by_ck", sql`${t.reason} <> 'flagged' or ${t.openedById} is not null`),
  ],
);

export const FOLLOW_UP_EVENT_KINDS = [
  "opened",
  "acknowledged",
  "action_taken",
  "closed",
  "reopened",
  "moved",
  "linked_goal",
  "dispute_raised",
  "overdue_notified",
  "escalated",
  "note",
] as const;

/** Each step of a follow-up with its note; the app may only read and append. */
export const followUpEvents = pgTable(
  "follow_up_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    followUpId: uuid("follow_up_id").notNull().references(() => followUps.id),
    kind: text("kind", { enum: FOLLOW_UP_EVENT_KINDS }).notNull(),
    fromStatus: followUpStatusEnum("from_status"),
    toStatus: followUpStatusEnum("to_status"),
    fromDepartmentId: uuid("from_department_id").references(() => departments.id),
    toDepartmentId: uuid("to_department_id").references(() => departments.id),
    note: text("note").notNull().default(""),
    actorId: uuid("actor_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("follow_up_events_follow_up_idx").on(t.followUpId, t.createdAt),
    check("follow_up_events_note_ck", sql`char_length(${t.note}) <= 2000`),
  ],
);

export type CustomerSignal = typeof customerSignals.$inferSelect;
export type SignalDaily = typeof signalDaily.$inferSelect;
export type FollowUp = typeof followUps.$inferSelect;
export type FollowUpEvent = typeof followUpEvents.$inferSelect;

// The CSV import (migration 0028): an import being staged chunk by chunk, then recorded at once.
export const signalImports = pgTable(
  "signal_imports",
  {
    id: uuid("id").primaryKey(),
    createdById: uuid("created_by_id").notNull().references(() => users.id),
    fileName: text("file_name").notNull(),
    status: text("status", { enum: ["staging", "imported"] }).notNull().default("staging"),
    rowsImported: integer("rows_imported"),
    rowsSkipped: integer("rows_skipped"),
    followUpsOpened: integer("follow_ups_opened"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    importedAt: timestamp("imported_at", { withTimezone: true }),
  },
  (t) => [index("signal_imports_staging_idx").on(t.createdAt).where(sql`${t.status} = 'staging'`)],
);

export const signalImportChunks = pgTable(
  "signal_import_chunks",
  {
    importId: uuid("import_id").notNull().references(() => signalImports.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    rows: integer("rows").notNull(),
    invalid: integer("invalid").notNull(),
  },
  (t) => [primaryKey({ name: "signal_import_chunks_pk", columns: [t.importId, t.seq] })],
);

export const signalImportRows = pgTable(
  "signal_import_rows",
  {
    importId: uuid("import_id").notNull().references(() => signalImports.id, { onDelete: "cascade" }),
    line: integer("line").notNull(),
    signal: jsonb("signal").notNull(),
  },
  (t) => [primaryKey({ name: "signal_import_rows_pk", columns: [t.importId, t.line] })],
);
