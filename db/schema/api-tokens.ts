import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

// REST API tokens (migration 0016). Only the SHA-256 of a token's secret is stored.
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ["personal", "service"] }).notNull(),
    name: text("name").notNull(),
    /** The person a personal token acts as; null for a service token. */
    userId: uuid("user_id").references(() => users.id),
    createdById: uuid("created_by_id").notNull().references(() => users.id),
    readOnly: boolean("read_only").notNull().default(false),
    /** A service token's capabilities (lib/permissions SERVICE_SCOPES); empty for a personal token. */
    scopes: text("scopes").array().notNull().default(sql`'{}'`),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedById: uuid("revoked_by_id").references(() => users.id),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_uq").on(t.tokenHash),
    index("api_tokens_user_idx").on(t.userId, t.createdAt),
    index("api_tokens_kind_idx").on(t.kind, t.createdAt),
    check("api_tokens_kind_ck", sql`${t.kind} in ('personal', 'service')`),
    check("api_tokens_owner_ck", sql`(${t.kind} = 'personal') = (${t.userId} is not null)`),
    check("api_tokens_scopes_ck", sql`${t.kind} = 'service' or cardinality(${t.scopes}) = 0`),
    check("api_tokens_service_scoped_ck", sql`${t.kind} = 'personal' or cardinality(${t.scopes}) > 0`),
    check("api_tokens_hash_shape_ck", sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check("api_tokens_name_ck", sql`length(btrim(${t.name})) between 1 and 100`),
    check("api_tokens_expiry_ck", sql`${t.expiresAt} is null or ${t.expiresAt} > ${t.createdAt}`),
    check("api_tokens_revoke_ck", sql`(${t.revokedAt} is null) = (${t.revokedById} is null)`),
  ],
);

export type ApiToken = typeof apiTokens.$inferSelect;

/** Requests per token per fixed one-minute window, counted in the database so the limit holds across app servers. */
export const apiRateWindows = pgTable(
  "api_rate_windows",
  {
    tokenId: uuid("token_id").notNull().references(() => apiTokens.id),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull(),
  },
  (t) => [primaryKey({ name: "api_rate_windows_pk", columns: [t.tokenId, t.windowStart] }), check("api_rate_windows_hits_ck", sql`${t.hits} > 0`)],
);

/**
 * The first answer to a write sent with an Idempotency-Key (migration 0025), per token: a retry
 * with the same key and body gets it again, a different body with the same key is refused.
 * Inserted in the write's own transaction; pruned after IDEMPOTENCY_KEY_DAYS by a job.
 */
export const apiIdempotencyKeys = pgTable(
  "api_idempotency_keys",
  {
    tokenId: uuid("token_id").notNull().references(() => apiTokens.id),
    key: text("key").notNull(),
    operation: text("operation").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    response: jsonb("response").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "api_idempotency_keys_pk", columns: [t.tokenId, t.key] }),
    index("api_idempotency_keys_created_idx").on(t.createdAt),
    check("api_idempotency_keys_key_ck", sql`char_length(${t.key}) between 1 and 200`),
    check("api_idempotency_keys_hash_ck", sql`char_length(${t.requestHash}) = 64`),
  ],
);
