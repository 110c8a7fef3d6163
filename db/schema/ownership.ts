import { sql } from "drizzle-orm";
import { boolean, check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { departments } from "./departments";
import { stages } from "./journeys";
import { users } from "./users";

export const raciEnum = pgEnum("raci_role", ["accountable", "responsible", "consulted", "informed"]);
export const ownershipSourceEnum = pgEnum("ownership_source", ["assigned", "claimed", "handed_off", "decided"]);
export const handoffStatusEnum = pgEnum("handoff_status", ["pending", "accepted", "declined", "cancelled", "expired"]);
export const goalDispositionEnum = pgEnum("goal_disposition", ["move", "retire"]);

export const handoffs = pgTable(
  "handoffs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    stageId: uuid("stage_id").notNull().references(() => stages.id),
    fromDepartmentId: uuid("from_department_id").notNull().references(() => departments.id),
    toDepartmentId: uuid("to_department_id").notNull().references(() => departments.id),
    note: text("note").notNull(),
    // What happens to the stage's open goals when the handoff is accepted.
    goalDisposition: goalDispositionEnum("goal_disposition").notNull(),
    status: handoffStatusEnum("status").notNull().default("pending"),
    proposedById: uuid("proposed_by_id").notNull().references(() => users.id),
    proposedAt: timestamp("proposed_at", { withTimezone: true }).notNull().defaultNow(),
    respondedById: uuid("responded_by_id").references(() => users.id),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    responseReason: text("response_reason"),
    forced: boolean("forced").notNull().default(false),
  },
  (t) => [
    // At most one pending handoff per stage.
    uniqueIndex("handoffs_one_pending_uq").on(t.stageId).where(sql`${t.status} = 'pending'`),
    index("handoffs_to_pending_idx").on(t.toDepartmentId, t.status),
    check("handoffs_distinct_departments_ck", sql`${t.fromDepartmentId} <> ${t.toDepartmentId}`),
    check("handoffs_decline_reason_ck", sql`${t.status} <> 'declined' or length(trim(coalesce(${t.responseReason}, ''))) > 0`),
    check("handoffs_response_ck", sql`(${t.status} = 'pending') = (${t.respondedAt} is null)`),
  ],
);

// The full history of who held which RACI role on a stage. A row is current while valid_to
// is null; changing ownership closes rows and opens new ones, it never rewrites them.
// Migration 0007 makes the database hold to that, beyond what Drizzle can declare here:
// triggers allow only setting valid_to once on an open row (no other UPDATE, no DELETE or
// TRUNCATE), and the exclusion constraint ownership_accountable_no_overlap_ex (btree_gist)
// keeps a stage's accountable periods from overlapping.
export const ownershipAssignments = pgTable(
  "ownership_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    stageId: uuid("stage_id").notNull().references(() => stages.id),
    departmentId: uuid("department_id").notNull().references(() => departments.id),
    // The accountable person; R/C/I rows name a department only.
    personId: uuid("person_id").references(() => users.id),
    raci: raciEnum("raci").notNull(),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull().defaultNow(),
    validTo: timestamp("valid_to", { withTimezone: true }),
    source: ownershipSourceEnum("source").notNull(),
    byUserId: uuid("by_user_id").references(() => users.id),
    reason: text("reason").notNull().default(""),
    handoffId: uuid("handoff_id").references(() => handoffs.id),
    // References decisions(id); the foreign key is added in migration 0005 (the tables refer to each other).
    decisionId: uuid("decision_id"),
  },
  (t) => [
    // Rule 1: a stage never has two current accountable owners, whatever the code does.
    uniqueIndex("ownership_one_accountable_uq").on(t.stageId).where(sql`${t.raci} = 'accountable' and ${t.validTo} is null`),
    // A department holds at most one current RACI role on a stage.
    uniqueIndex("ownership_one_role_per_department_uq").on(t.stageId, t.departmentId).where(sql`${t.validTo} is null`),
    index("ownership_stage_time_idx").on(t.stageId, t.validFrom),
    index("ownership_department_current_idx").on(t.departmentId).where(sql`${t.validTo} is null`),
    check("ownership_interval_ck", sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check("ownership_accountable_person_ck", sql`${t.raci} <> 'accountable' or ${t.personId} is not null`),
  ],
);

export type OwnershipAssignment = typeof ownershipAssignments.$inferSelect;
export type Handoff = typeof handoffs.$inferSelect;
