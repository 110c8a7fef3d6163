import { sql } from "drizzle-orm";
import { check, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedById: uuid("updated_by_id").references(() => users.id),
  },
  (t) => [
    check("settings_singleton_ck", sql`${t.id} = 1`),
    check("settings_dispute_sla_ck", sql`${t.disputeSlaDays} between 1 and 365`),
    check("settings_stale_ck", sql`${t.staleCheckInDays} between 1 and 365`),
    check("settings_time_zone_ck", sql`char_length(${t.timeZone}) between 1 and 64`),
  ],
);

export type Settings = typeof settings.$inferSelect;
