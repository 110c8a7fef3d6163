-- REST API v1: tokens, their per-minute rate windows, and the token an audited API write came through.
ALTER TYPE "public"."audit_entity" ADD VALUE IF NOT EXISTS 'api_token';
--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE IF NOT EXISTS 'api_token.created';
--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE IF NOT EXISTS 'api_token.revoked';
--> statement-breakpoint
-- A personal token acts as its user (optionally read-only); a service token acts as a service
-- actor holding only its scopes (capabilities of lib/permissions). Only the SHA-256 of the
-- secret is stored; `prefix` is the secret's first characters, shown so people can tell tokens apart.
CREATE TABLE IF NOT EXISTS "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"user_id" uuid REFERENCES "users"("id"),
	"created_by_id" uuid NOT NULL REFERENCES "users"("id"),
	"read_only" boolean DEFAULT false NOT NULL,
	"scopes" text[] DEFAULT '{}' NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by_id" uuid REFERENCES "users"("id"),
	CONSTRAINT "api_tokens_kind_ck" CHECK ("kind" in ('personal', 'service')),
	CONSTRAINT "api_tokens_owner_ck" CHECK (("kind" = 'personal') = ("user_id" is not null)),
	CONSTRAINT "api_tokens_scopes_ck" CHECK ("kind" = 'service' or cardinality("scopes") = 0),
	CONSTRAINT "api_tokens_service_scoped_ck" CHECK ("kind" = 'personal' or cardinality("scopes") > 0),
	CONSTRAINT "api_tokens_hash_shape_ck" CHECK ("token_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "api_tokens_name_ck" CHECK (length(btrim("name")) between 1 and 100),
	CONSTRAINT "api_tokens_expiry_ck" CHECK ("expires_at" is null or "expires_at" > "created_at"),
	CONSTRAINT "api_tokens_revoke_ck" CHECK (("revoked_at" is null) = ("revoked_by_id" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "api_tokens_hash_uq" ON "api_tokens" USING btree ("token_hash");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id", "created_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "api_tokens_kind_idx" ON "api_tokens" USING btree ("kind", "created_at");
--> statement-breakpoint
-- One row per token per fixed one-minute window: an upsert counts a request atomically on any
-- app server; rows of past windows are deleted as new ones start.
CREATE TABLE IF NOT EXISTS "api_rate_windows" (
	"token_id" uuid NOT NULL REFERENCES "api_tokens"("id"),
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL,
	CONSTRAINT "api_rate_windows_pk" PRIMARY KEY ("token_id", "window_start"),
	CONSTRAINT "api_rate_windows_hits_ck" CHECK ("hits" > 0)
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN IF NOT EXISTS "api_token_id" uuid REFERENCES "api_tokens"("id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_api_token_idx" ON "audit_events" USING btree ("api_token_id") WHERE "api_token_id" is not null;
--> statement-breakpoint
-- The app records use and revocation of a token (never its secret, owner or scopes) and counts requests.
GRANT UPDATE (last_used_at, revoked_at, revoked_by_id) ON api_tokens TO throughline_app;
--> statement-breakpoint
GRANT UPDATE, DELETE ON api_rate_windows TO throughline_app;
