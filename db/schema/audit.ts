import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from "../../lib/audit/catalog";
import { apiTokens } from "./api-tokens";
import { users } from "./users";

export const auditActionEnum = pgEnum("audit_action", AUDIT_ACTIONS);
export const auditEntityEnum = pgEnum("audit_entity", AUDIT_ENTITY_TYPES);

// Append-only: a trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE.
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: uuid("actor_id").references(() => users.id),
    action: auditActionEnum("action").notNull(),
    entityType: auditEntityEnum("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The API token a write came through (REST API v1); null for the browser and the app's own work. */
    apiTokenId: uuid("api_token_id").references(() => apiTokens.id),
  },
  (t) => [
    index("audit_created_idx").on(t.createdAt),
    index("audit_actor_idx").on(t.actorId, t.createdAt),
    index("audit_entity_idx").on(t.entityType, t.entityId, t.createdAt),
    // The audit log's action and department filters (migration 0013).
    index("audit_action_idx").on(t.action, t.createdAt),
    index("audit_before_gin_idx").using("gin", t.before.op("jsonb_path_ops")),
    index("audit_api_token_idx").on(t.apiTokenId).where(sql`${t.apiTokenId} is not null`),
    index("audit_after_gin_idx").using("gin", t.after.op("jsonb_path_ops")),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
