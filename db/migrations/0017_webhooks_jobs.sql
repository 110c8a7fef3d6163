-- Webhook endpoints that admins register, and the deliveries of domain events to them. A
-- delivery row is written in the same transaction as the event it carries (an outbox), so an
-- event is delivered if and only if its change committed. Background jobs run on pg-boss on
-- PostgreSQL (its own schema, created by the app's owner login at start) and in-process on PGlite.
ALTER TYPE "public"."audit_action" ADD VALUE 'webhook.created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'webhook.updated';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'webhook.disabled';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'webhook.delivery_replayed';--> statement-breakpoint
ALTER TYPE "public"."audit_entity" ADD VALUE 'webhook';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'webhook_disabled';--> statement-breakpoint
CREATE TYPE "public"."webhook_target" AS ENUM('standard', 'chat');--> statement-breakpoint
CREATE TYPE "public"."webhook_delivery_status" AS ENUM('pending', 'delivered', 'failed');--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"target" "webhook_target" DEFAULT 'standard' NOT NULL,
	"event_types" text[] NOT NULL,
	"secret_encrypted" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"disabled_reason" text,
	"created_by_id" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_endpoints_name_ck" CHECK (char_length("name") between 1 and 100),
	CONSTRAINT "webhook_endpoints_url_ck" CHECK ("url" ~ '^https?://' AND char_length("url") <= 2000),
	CONSTRAINT "webhook_endpoints_events_ck" CHECK (cardinality("event_types") >= 1),
	CONSTRAINT "webhook_endpoints_failures_ck" CHECK ("consecutive_failures" >= 0)
);--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL REFERENCES "webhook_endpoints"("id"),
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "webhook_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"last_duration_ms" integer,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_attempts_ck" CHECK ("attempts" >= 0)
);--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "status" = 'pending';--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON webhook_endpoints, webhook_deliveries TO throughline_app;
--> statement-breakpoint
-- Per person and kind of notification: in the app only, also by email at once, or in a daily
-- digest email. No row: in the app only. notifications.emailed_at marks one sent by email.
ALTER TYPE "public"."audit_action" ADD VALUE 'user.notification_preferences_updated';--> statement-breakpoint
CREATE TYPE "public"."notification_channel" AS ENUM('in_app', 'email', 'digest');--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"kind" "notification_kind" NOT NULL,
	"channel" "notification_channel" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_pk" PRIMARY KEY ("user_id", "kind")
);--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "emailed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "notifications_unemailed_idx" ON "notifications" USING btree ("created_at") WHERE "emailed_at" IS NULL;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON notification_preferences TO throughline_app;
