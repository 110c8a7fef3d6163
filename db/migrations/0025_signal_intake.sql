-- Signal intake (issue 14): the audit events of recording, flagging and redacting customer
-- signals and of the retention job, and the REST API's idempotency keys. A retried
-- POST /api/v1/signals with the same Idempotency-Key answers the first response and writes
-- nothing again: the key row is inserted in the same transaction as the signals, so a second
-- request with that key waits on the primary key until the first commits (or rolls back).
ALTER TYPE "public"."audit_entity" ADD VALUE IF NOT EXISTS 'signal';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE IF NOT EXISTS 'signal.recorded';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE IF NOT EXISTS 'signal.batch_recorded';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE IF NOT EXISTS 'signal.flagged';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE IF NOT EXISTS 'signal.comment_redacted';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE IF NOT EXISTS 'signal.comments_expired';--> statement-breakpoint
CREATE TABLE "api_idempotency_keys" (
	"token_id" uuid NOT NULL REFERENCES "api_tokens"("id"),
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_idempotency_keys_pk" PRIMARY KEY ("token_id", "key"),
	CONSTRAINT "api_idempotency_keys_key_ck" CHECK (char_length("key") BETWEEN 1 AND 200),
	CONSTRAINT "api_idempotency_keys_hash_ck" CHECK (char_length("request_hash") = 64)
);--> statement-breakpoint
CREATE INDEX "api_idempotency_keys_created_idx" ON "api_idempotency_keys" USING btree ("created_at");--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON api_idempotency_keys TO throughline_app;
