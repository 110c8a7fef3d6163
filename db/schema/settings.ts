import { sql } from "drizzle-orm";
import { check, integer, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

// Exactly one row (id = 1): organisation-wide settings used by later features.
export const settings = pgTable(
  "settings",
  {
    id: integer("id").primaryKey().default(1),
    disputeSlaDays: integer("dispute_sla_days").notNull().default(10),
    staleCheckInDays: integer("stale_check_in_days").notNull().default(14),
    // An IANA zone name, checked against the zones the runtime knows (lib/time) before it is saved.
    timeZone: text("time_zone").notNull().default("UTC"),
    // Customer signals (migration 0020): a score at or below its scale's threshold is negative and
    // opens a follow-up due within follow_up_sla_days; verbatim comments older than
    // signal_retention_months are deleted (null: kept); a stage's measured emotion from fewer than
    // measured_min_sample scored signals is marked as a thin sample.
    negativeCsatMax: numeric("negative_csat_max").notNull().default("2"),
    negativeNpsMax: numeric("negative_nps_max").notNull().default("6"),
    negativeCesMax: numeric("negative_ces_max").notNull().default("3"),
    followUpSlaDays: integer("follow_up_sla_days").notNull().default(5),
    signalRetentionMonths: integer("signal_retention_months"),
    measuredMinSample: integer("measured_min_sample").notNull().default(10),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedById: uuid("updated_by_id").references(() => users.id),
  },
  (t) => [
    check("settings_singleton_ck", sql`${t.id} = 1`),
    check("settings_dispute_sla_ck", sql`${t.disputeSlaDays} between 1 and 365`),
    check("settings_stale_ck", sql`${t.staleCheckInDays} between 1 and 365`),
    check("settings_negative_csat_ck", sql`${t.negativeCsatMax} >= 1 and ${t.negativeCsatMax} < 5`),
    check("settings_negative_nps_ck", sql`${t.negativeNpsMax} >= 0 and ${t.negativeNpsMax} < 10`),
    check("settings_negative_ces_ck", sql`${t.negativeCesMax} >= 1 and ${t.negativeCesMax} < 7`),
    check("settings_follow_up_sla_ck", sql`${t.followUpSlaDays} between 1 and 365`),
    check("settings_signal_retention_ck", sql`${t.signalRetentionMonths} is null or ${t.signalRetentionMonths} between 1 and 120`),
    check("settings_measured_min_sample_ck", sql`${t.measuredMinSample} between 1 and 10000`),
    check("settings_time_zone_ck", sql`char_length(${t.timeZone}) between 1 and 64`),
  ],
);

export type Settings = typeof settings.$inferSelect;
