import { sql } from "drizzle-orm";
import { boolean, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./users";

export const departments = pgTable(
  "departments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    // The head is a user of this department with the `head` role; lib/departments checks that.
    headUserId: uuid("head_user_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    archived: boolean("archived").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Two live departments may not share a name, whatever the case; an archived one frees its name.
    uniqueIndex("departments_name_live_uq").on(sql`lower(${t.name})`).where(sql`${t.archived} = false`),
    // A person heads at most one department.
    uniqueIndex("departments_head_uq").on(t.headUserId),
  ],
);

export type Department = typeof departments.$inferSelect;
export type NewDepartment = typeof departments.$inferInsert;
