import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const webhookTargetEnum = pgEnum("webhook_target", ["standard", "chat"]);
export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", ["pending", "delivered", "failed"]);

// Endpoints admins register (migration 0017). The signing secret is stored encrypted with a key
// derived from AUTH_SECRET (lib/webhooks/secret.ts) and shown to the admin once.
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    target: webhookTargetEnum("target").notNull().default("standard"),
    eventTypes: text("event_types").array().notNull(),
    secretEncrypted: text("secret_encrypted").notNull(),
    // After a rotation, the old secret keeps signing (beside the new one) until this time.
    previousSecretEncrypted: text("previous_secret_encrypted"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    enabled: boolean("enabled").notNull().default(true),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    disabledReason: text("disabled_reason"),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("webhook_endpoints_name_ck", sql`char_length(${t.name}) between 1 and 100`),
    check("webhook_endpoints_url_ck", sql`${t.url} ~ '^https?://' AND char_length(${t.url}) <= 2000`),
    check("webhook_endpoints_events_ck", sql`cardinality(${t.eventTypes}) >= 1`),
    check("webhook_endpoints_failures_ck", sql`${t.consecutiveFailures} >= 0`),
    check("webhook_endpoints_previous_secret_ck", sql`(${t.previousSecretEncrypted} is null) = (${t.previousSecretExpiresAt} is null)`),
  ],
);

// One event for one endpoint, written in the transaction of the change it reports (an outbox).
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id").notNull().references(() => webhookEndpoints.id),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").notNull(),
    status: webhookDeliveryStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lastDurationMs: integer("last_duration_ms"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check("webhook_deliveries_attempts_ck", sql`${t.attempts} >= 0`),
  ],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
