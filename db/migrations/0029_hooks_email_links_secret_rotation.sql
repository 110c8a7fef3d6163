-- Issue 13: invite and password links sent by email, password links asked for on the sign-in
-- page (throttled by every request, whoever the address belongs to), and webhook secret rotation.
ALTER TYPE "public"."audit_action" ADD VALUE 'webhook.secret_rotated';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'webhook.deleted';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'user.sign_in_link_requested';--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "purpose" text DEFAULT 'invite' NOT NULL;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "send_by_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "emailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_purpose_ck" CHECK ("invites"."purpose" in ('invite', 'reset'));--> statement-breakpoint
CREATE TABLE "sign_in_link_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email_lower" text NOT NULL,
	"client_address" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sign_in_link_requests_email_idx" ON "sign_in_link_requests" USING btree ("email_lower","requested_at");--> statement-breakpoint
CREATE INDEX "sign_in_link_requests_address_idx" ON "sign_in_link_requests" USING btree ("client_address","requested_at") WHERE "sign_in_link_requests"."client_address" is not null;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "previous_secret_encrypted" text;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "previous_secret_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_previous_secret_ck" CHECK (("previous_secret_encrypted" is null) = ("previous_secret_expires_at" is null));--> statement-breakpoint
-- Deleting an endpoint removes it and its delivery log (see docs/decisions, "email links and webhook targets"); old link requests are pruned.
GRANT DELETE ON webhook_endpoints, webhook_deliveries TO throughline_app;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON sign_in_link_requests TO throughline_app;
