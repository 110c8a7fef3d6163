import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const journeyStatusEnum = pgEnum("journey_status", ["draft", "active", "archived"]);

export const journeys = pgTable(
  "journeys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    segment: text("segment").notNull().default(""),
    status: journeyStatusEnum("status").notNull().default("draft"),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("journeys_name_live_uq").on(sql`lower(${t.name})`).where(sql`${t.status} <> 'archived'`)],
);

export const stages = pgTable(
  "stages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    journeyId: uuid("journey_id").notNull().references(() => journeys.id),
    // The order the customer lives the stages in, 1-based and gap-free among live stages.
    position: integer("position").notNull(),
    name: text("name").notNull(),
    customerGoal: text("customer_goal").notNull().default(""),
    emotionScore: smallint("emotion_score"),
    // The canvas (migration 0024): the phase heading consecutive stages share, and where the
    // customer meets the company at this stage.
    phase: text("phase").notNull().default(""),
    touchpoints: text("touchpoints").array().notNull().default(sql`'{}'::text[]`),
    channels: text("channels").array().notNull().default(sql`'{}'::text[]`),
    archived: boolean("archived").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("stages_position_live_uq").on(t.journeyId, t.position).where(sql`${t.archived} = false`),
    // Two live stages of one journey never share a name, whatever the case.
    uniqueIndex("stages_name_live_uq").on(t.journeyId, sql`lower(${t.name})`).where(sql`${t.archived} = false`),
    index("stages_journey_idx").on(t.journeyId),
    check("stages_emotion_ck", sql`${t.emotionScore} is null or ${t.emotionScore} between -2 and 2`),
    check("stages_position_ck", sql`${t.position} > 0 or ${t.archived}`),
    check("stages_phase_ck", sql`char_length(${t.phase}) <= 60 and ${t.phase} = btrim(${t.phase})`),
    check("stages_touchpoints_ck", sql`cardinality(${t.touchpoints}) <= 20 and array_position(${t.touchpoints}, null) is null and char_length(array_to_string(${t.touchpoints}, '')) <= 2000`),
    check("stages_channels_ck", sql`cardinality(${t.channels}) <= 20 and array_position(${t.channels}, null) is null and char_length(array_to_string(${t.channels}, '')) <= 2000`),
  ],
);

export type Journey = typeof journeys.$inferSelect;
export type Stage = typeof stages.$inferSelect;
