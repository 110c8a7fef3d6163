import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
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
    // invite: issued by an admin (days); reset: asked for on the sign-in page (minutes).
    purpose: text("purpose", { enum: ["invite", "reset"] }).notNull().default("invite"),
    // Links that go out by email (SMTP_URL) are made by the email job, not the request: the row
    // is written with an unusable hash, and the job sets the real one as it claims the row
    // (emailed_at), so the token exists only in the email and never in the job queue.
    sendByEmail: boolean("send_by_email").notNull().default(false),
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invites_token_hash_uq").on(t.tokenHash),
    check("invites_purpose_ck", sql`${t.purpose} in ('invite', 'reset')`),
    index("invites_user_idx").on(t.userId),
    check("invites_expiry_ck", sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);

export type Invite = typeof invites.$inferSelect;

// Single sign-on (migration 0028): who a person is at an OpenID Connect identity provider. The
// issuer and `sub` claim name them for good (an email can change); a user may have several.
export const userIdentities = pgTable(
  "user_identities",
  {
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    userId: uuid("user_id").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "user_identities_pk", columns: [t.issuer, t.subject] }),
    index("user_identities_user_idx").on(t.userId),
    check("user_identities_subject_ck", sql`length(${t.subject}) between 1 and 255`),
  ],
);

// Sign-in attempts that count against the limits: a row is written as `pending` before the
// password is checked (so parallel guesses see it) and becomes `failed` if it was wrong; a
// success deletes the email's rows. Kept in the database so throttling holds across servers.
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    emailLower: text("email_lower").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
    // Null when the client's address is not known (no trusted proxy): then only the email counts.
    clientAddress: text("client_address"),
    outcome: text("outcome", { enum: ["pending", "failed"] }).notNull().default("failed"),
  },
  (t) => [
    index("sign_in_failures_email_time_idx").on(t.emailLower, t.attemptedAt),
    index("sign_in_failures_address_time_idx").on(t.clientAddress, t.attemptedAt).where(sql`${t.clientAddress} is not null`),
    check("sign_in_failures_outcome_ck", sql`${t.outcome} in ('pending', 'failed')`),
  ],
);

// Every request for a password link on the sign-in page, whether or not the address belongs to
// anyone: the throttle counts these, the same way for every address, so it reveals nothing.
export const signInLinkRequests = pgTable(
  "sign_in_link_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    emailLower: text("email_lower").notNull(),
    clientAddress: text("client_address"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("sign_in_link_requests_email_idx").on(t.emailLower, t.requestedAt),
    index("sign_in_link_requests_address_idx").on(t.clientAddress, t.requestedAt).where(sql`${t.clientAddress} is not null`),
  ],
);

export const sessionRevokeReasonEnum = pgEnum("session_revoke_reason", [
  "signed_out",
  "signed_out_everywhere",
  "ended_by_admin",
  "deactivated",
  "password_changed",
]);
export type SessionRevokeReason = (typeof sessionRevokeReasonEnum.enumValues)[number];

// Server-side sessions. The cookie's JWT carries a random token; only its SHA-256 is stored
// here (as the id), so a copy of this table cannot be turned into working cookies.
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokeReason: sessionRevokeReasonEnum("revoke_reason"),
    userAgent: text("user_agent").notNull().default(""),
  },
  (t) => [
    index("sessions_user_live_idx").on(t.userId).where(sql`${t.revokedAt} is null`),
    check("sessions_expiry_ck", sql`${t.expiresAt} > ${t.createdAt}`),
    check("sessions_revoke_ck", sql`(${t.revokedAt} is null) = (${t.revokeReason} is null)`),
    check("sessions_id_shape_ck", sql`${t.id} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type Session = typeof sessions.$inferSelect;

/** My work: an executive's figures at the last visit and the one before (migration 0027). */
export const myWorkVisits = pgTable(
  "my_work_visits",
  {
    userId: uuid("user_id").primaryKey().references(() => users.id),
    figures: jsonb("figures").$type<Record<string, number>>().notNull(),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull(),
    previousFigures: jsonb("previous_figures").$type<Record<string, number>>(),
    previousSeenAt: timestamp("previous_seen_at", { withTimezone: true }),
  },
  (t) => [
    check("my_work_visits_figures_ck", sql`jsonb_typeof(${t.figures}) = 'object' and (${t.previousFigures} is null or jsonb_typeof(${t.previousFigures}) = 'object')`),
    check("my_work_visits_previous_ck", sql`(${t.previousFigures} is null) = (${t.previousSeenAt} is null) and (${t.previousSeenAt} is null or ${t.previousSeenAt} <= ${t.seenAt})`),
  ],
);
