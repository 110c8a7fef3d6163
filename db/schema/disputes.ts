import { sql } from "drizzle-orm";
import { check, index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { departments } from "./departments";
import { stages } from "./journeys";
import { handoffs } from "./ownership";
import { users } from "./users";

export const disputeKindEnum = pgEnum("dispute_kind", ["ownership", "handoff", "standards", "resources", "other"]);
export const disputeStatusEnum = pgEnum("dispute_status", ["open", "under_review", "decided", "withdrawn"]);

export const disputes = pgTable(
  "disputes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: disputeKindEnum("kind").notNull(),
    stageId: uuid("stage_id").references(() => stages.id),
    handoffId: uuid("handoff_id").references(() => handoffs.id),
    title: text("title").notNull(),
    description: text("description").notNull(),
    raisedById: uuid("raised_by_id").notNull().references(() => users.id),
    raisedByDepartmentId: uuid("raised_by_department_id").references(() => departments.id),
    status: disputeStatusEnum("status").notNull().default("open"),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    // From the service level in settings at the moment the dispute was raised.
    dueBy: timestamp("due_by", { withTimezone: true }).notNull(),
    reviewerId: uuid("reviewer_id").references(() => users.id),
    takenAt: timestamp("taken_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    withdrawnReason: text("withdrawn_reason"),
    overdueNotifiedAt: timestamp("overdue_notified_at", { withTimezone: true }),
  },
  (t) => [
    index("disputes_status_idx").on(t.status, t.dueBy),
    index("disputes_stage_idx").on(t.stageId),
    check("disputes_stage_for_kind_ck", sql`${t.kind} not in ('ownership', 'handoff') or ${t.stageId} is not null`),
    check("disputes_closed_ck", sql`(${t.status} in ('decided', 'withdrawn')) = (${t.closedAt} is not null)`),
    check("disputes_review_ck", sql`${t.status} <> 'under_review' or ${t.reviewerId} is not null`),
    check("disputes_due_ck", sql`${t.dueBy} > ${t.openedAt}`),
    // A withdrawn dispute says why (migration 0007).
    check("disputes_withdrawn_reason_ck", sql`${t.status} <> 'withdrawn' or length(trim(coalesce(${t.withdrawnReason}, ''))) > 0`),
  ],
);

export const disputeParties = pgTable(
  "dispute_parties",
  {
    disputeId: uuid("dispute_id").notNull().references(() => disputes.id),
    departmentId: uuid("department_id").notNull().references(() => departments.id),
    // The department's position and what it proposes; empty until it says something.
    statement: text("statement").notNull().default(""),
    proposal: text("proposal").notNull().default(""),
    updatedById: uuid("updated_by_id").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.disputeId, t.departmentId] }), index("dispute_parties_department_idx").on(t.departmentId)],
);

export const disputeComments = pgTable(
  "dispute_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disputeId: uuid("dispute_id").notNull().references(() => disputes.id),
    authorId: uuid("author_id").notNull().references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dispute_comments_dispute_idx").on(t.disputeId, t.createdAt)],
);

// Immutable once recorded: a trigger (migration) refuses UPDATE and DELETE.
export const decisions = pgTable(
  "decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disputeId: uuid("dispute_id").notNull().references(() => disputes.id),
    outcome: text("outcome").notNull(),
    rationale: text("rationale").notNull(),
    optionsConsidered: text("options_considered").notNull().default(""),
    // The effect applied in the same transaction: the stage's complete resulting RACI
    // (lib/disputes/effect.ts holds its zod schema, checked on the way in and out).
    effect: jsonb("effect"),
    effectSummary: text("effect_summary"),
    decidedById: uuid("decided_by_id").notNull().references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
    supersedesId: uuid("supersedes_id").references((): AnyPgColumn => decisions.id),
  },
  (t) => [
    // One decision per dispute: two CCOs deciding at once cannot both succeed.
    uniqueIndex("decisions_one_per_dispute_uq").on(t.disputeId),
    // A decision is superseded at most once; the later one links back through this column.
    uniqueIndex("decisions_supersedes_uq").on(t.supersedesId),
    index("decisions_decided_at_idx").on(t.decidedAt),
    check("decisions_rationale_ck", sql`length(trim(${t.rationale})) > 0`),
    check("decisions_outcome_ck", sql`length(trim(${t.outcome})) > 0`),
    check("decisions_effect_object_ck", sql`${t.effect} is null or jsonb_typeof(${t.effect}) = 'object'`),
  ],
);

export type Dispute = typeof disputes.$inferSelect;
export type Decision = typeof decisions.$inferSelect;
