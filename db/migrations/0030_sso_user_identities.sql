-- Single sign-on with OpenID Connect (issue 13): the identity-provider subjects a user signs in
-- as, and the audit event of a user created at their first sign-in (just-in-time provisioning).
ALTER TYPE "public"."audit_action" ADD VALUE 'user.provisioned';--> statement-breakpoint
CREATE TABLE "user_identities" (
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_identities_pk" PRIMARY KEY("issuer","subject"),
	CONSTRAINT "user_identities_subject_ck" CHECK (length("subject") between 1 and 255)
);
--> statement-breakpoint
CREATE INDEX "user_identities_user_idx" ON "user_identities" USING btree ("user_id");--> statement-breakpoint
GRANT SELECT, INSERT ON user_identities TO throughline_app;--> statement-breakpoint
GRANT UPDATE (last_sign_in_at) ON user_identities TO throughline_app;
