import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { departments } from "./departments";
import { roleEnum } from "./enums";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    departmentId: uuid("department_id").references((): AnyPgColumn => departments.id),
    active: boolean("active").notNull().default(true),
    // Null for users who have not chosen a password yet (pending invite) and for SSO users.
    passwordHash: text("password_hash"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Emails are unique case-insensitively: Ana@x.com and ana@x.com are one person.
    uniqueIndex("users_email_lower_uq").on(sql`lower(${t.email})`),
    index("users_department_idx").on(t.departmentId),
    // Heads and members act for a department, so they must belong to one.
    check("users_department_for_role_ck", sql`${t.role} not in ('head', 'member') or ${t.departmentId} is not null`),
    check("users_email_shape_ck", sql`position('@' in ${t.email}) > 1`),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

// One-time links that let a user choose a password (new users and password resets).
// Only a SHA-256 of the token is stored, so a database leak does not leak working links.
export const invites = pgTable(
  "invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invites_token_hash_uq").on(t.tokenHash),
    index("invites_user_idx").on(t.userId),
    check("invites_expiry_ck", sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);

export type Invite = typeof invites.$inferSelect;

// Failed sign-ins, kept in the database so throttling holds across several app servers.
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    emailLower: text("email_lower").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_failures_email_time_idx").on(t.emailLower, t.attemptedAt)],
);
