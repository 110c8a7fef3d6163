CREATE TYPE "public"."session_revoke_reason" AS ENUM('signed_out', 'signed_out_everywhere', 'ended_by_admin', 'deactivated', 'password_changed');--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'auth.address_locked_out';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'auth.sessions_revoked';--> statement-breakpoint
ALTER TABLE "sign_in_failures" ADD COLUMN "client_address" text;--> statement-breakpoint
ALTER TABLE "sign_in_failures" ADD COLUMN "outcome" text DEFAULT 'failed' NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_failures" ADD CONSTRAINT "sign_in_failures_outcome_ck" CHECK ("sign_in_failures"."outcome" in ('pending', 'failed'));--> statement-breakpoint
CREATE INDEX "sign_in_failures_address_time_idx" ON "sign_in_failures" USING btree ("client_address","attempted_at") WHERE "sign_in_failures"."client_address" is not null;--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoke_reason" "session_revoke_reason",
	"user_agent" text DEFAULT '' NOT NULL,
	CONSTRAINT "sessions_expiry_ck" CHECK ("sessions"."expires_at" > "sessions"."created_at"),
	CONSTRAINT "sessions_revoke_ck" CHECK (("sessions"."revoked_at" is null) = ("sessions"."revoke_reason" is null)),
	CONSTRAINT "sessions_id_shape_ck" CHECK ("sessions"."id" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_live_idx" ON "sessions" USING btree ("user_id") WHERE "sessions"."revoked_at" is null;
