import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, numeric, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { departments } from "./departments";
import { stages } from "./journeys";
import { users } from "./users";

export const goalDirectionEnum = pgEnum("goal_direction", ["increase", "decrease"]);
export const goalStatusEnum = pgEnum("goal_status", ["draft", "active", "achieved", "missed", "cancelled"]);
export const confidenceEnum = pgEnum("check_in_confidence", ["high", "medium", "low"]);

export const objectives = pgTable(
  "strategic_objectives",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    archived: boolean("archived").notNull().default(false),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("objectives_title_live_uq").on(sql`lower(${t.title})`).where(sql`${t.archived} = false`),
    check("objectives_period_ck", sql`${t.periodEnd} > ${t.periodStart}`),
  ],
);

export const goals = pgTable(
  "goals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    stageId: uuid("stage_id").notNull().references(() => stages.id),
    // The department whose goal this is: the stage's accountable department when it was set,
    // moved along with the stage on a handoff that says so.
    departmentId: uuid("department_id").notNull().references(() => departments.id),
    title: text("title").notNull(),
    description: text("description").notNull(),
    metricName: text("metric_name").notNull(),
    metricUnit: text("metric_unit").notNull(),
    baseline: numeric("baseline").notNull(),
    target: numeric("target").notNull(),
    direction: goalDirectionEnum("direction").notNull(),
    startDate: date("start_date", { mode: "string" }).notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    objectiveId: uuid("objective_id").notNull().references(() => objectives.id),
    budget: numeric("budget").notNull(),
    people: integer("people").notNull(),
    resourcesNote: text("resources_note").notNull().default(""),
    status: goalStatusEnum("status").notNull().default("draft"),
    statusReason: text("status_reason"),
    // Stale follow-up, so a sweep run by several servers notifies exactly once per stale spell.
    staleNotifiedAt: timestamp("stale_notified_at", { withTimezone: true }),
    staleEscalatedAt: timestamp("stale_escalated_at", { withTimezone: true }),
    // The latest check-in (by measured_on, then created_at): its value and day. Kept current by
    // the database after every write to check_ins (migration 0015); health reads these.
    latestValue: numeric("latest_value"),
    latestMeasuredOn: date("latest_measured_on", { mode: "string" }),
    // Measured from the stage's customer signals instead of typed in (migration 0020): one of
    // csat_average, nps, ces_average, negative_share; its check-ins are then automatic.
    signalMetric: text("signal_metric", { enum: ["csat_average", "nps", "ces_average", "negative_share"] }),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("goals_stage_idx").on(t.stageId),
    index("goals_department_status_idx").on(t.departmentId, t.status),
    index("goals_objective_idx").on(t.objectiveId),
    index("goals_owner_idx").on(t.ownerId),
    // Exports read goals in keyset batches of (created_at, id), neither of which ever changes.
    index("goals_created_idx").on(t.createdAt, t.id),
    // The SMART rules that must never break, whatever the code does (rule 6).
    check("goals_target_differs_ck", sql`${t.target} <> ${t.baseline}`),
    check("goals_direction_ck", sql`(${t.direction} = 'increase' and ${t.target} > ${t.baseline}) or (${t.direction} = 'decrease' and ${t.target} < ${t.baseline})`),
    check("goals_due_after_start_ck", sql`${t.dueDate} > ${t.startDate}`),
    check("goals_resources_ck", sql`${t.budget} >= 0 and ${t.people} >= 0`),
    // A goal that ends missed or cancelled says why (migration 0007).
    check("goals_signal_metric_ck", sql`${t.signalMetric} is null or ${t.signalMetric} in ('csat_average', 'nps', 'ces_average', 'negative_share')`),
    check("goals_closed_reason_ck", sql`${t.status} not in ('missed', 'cancelled') or length(trim(coalesce(${t.statusReason}, ''))) > 0`),
  ],
);

export const checkIns = pgTable(
  "check_ins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    goalId: uuid("goal_id").notNull().references(() => goals.id),
    // Measured values are stored exactly (numeric), never as floats.
    value: numeric("value").notNull(),
    confidence: confidenceEnum("confidence").notNull(),
    note: text("note").notNull().default(""),
    measuredOn: date("measured_on", { mode: "string" }).notNull(),
    // Null only for an automatic check-in, computed from customer signals (migration 0020).
    authorId: uuid("author_id").references(() => users.id),
    automatic: boolean("automatic").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    correctedAt: timestamp("corrected_at", { withTimezone: true }),
  },
  // A trigger (migration 0007, check_ins_goal_active) refuses a check-in on a goal that is not active.
  (t) => [
    index("check_ins_goal_time_idx").on(t.goalId, t.measuredOn, t.createdAt),
    // The check-ins export reads each goal's check-ins in keyset order (created_at, id).
    index("check_ins_goal_created_idx").on(t.goalId, t.createdAt, t.id),
    check("check_ins_author_ck", sql`${t.automatic} or ${t.authorId} is not null`),
  ],
);

export type Objective = typeof objectives.$inferSelect;
export type Goal = typeof goals.$inferSelect;
export type CheckIn = typeof checkIns.$inferSelect;
