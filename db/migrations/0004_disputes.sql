CREATE TYPE "public"."dispute_kind" AS ENUM('ownership', 'handoff', 'standards', 'resources', 'other');--> statement-breakpoint
CREATE TYPE "public"."dispute_status" AS ENUM('open', 'under_review', 'decided', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'dispute.raised';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'dispute.statement_saved';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'dispute.commented';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'dispute.taken_under_review';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'dispute.withdrawn';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'decision.recorded';--> statement-breakpoint
ALTER TYPE "public"."audit_entity" ADD VALUE 'dispute';--> statement-breakpoint
ALTER TYPE "public"."audit_entity" ADD VALUE 'decision';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'dispute_raised';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'dispute_under_review';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'dispute_decided';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'dispute_overdue';--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dispute_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"rationale" text NOT NULL,
	"options_considered" text DEFAULT '' NOT NULL,
	"effect" text,
	"effect_summary" text,
	"decided_by_id" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"supersedes_id" uuid,
	CONSTRAINT "decisions_rationale_ck" CHECK (length(trim("decisions"."rationale")) > 0),
	CONSTRAINT "decisions_outcome_ck" CHECK (length(trim("decisions"."outcome")) > 0)
);
--> statement-breakpoint
CREATE TABLE "dispute_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dispute_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute_parties" (
	"dispute_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"statement" text DEFAULT '' NOT NULL,
	"proposal" text DEFAULT '' NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone,
	CONSTRAINT "dispute_parties_dispute_id_department_id_pk" PRIMARY KEY("dispute_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "dispute_kind" NOT NULL,
	"stage_id" uuid,
	"handoff_id" uuid,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"raised_by_id" uuid NOT NULL,
	"raised_by_department_id" uuid,
	"status" "dispute_status" DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_by" timestamp with time zone NOT NULL,
	"reviewer_id" uuid,
	"taken_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"withdrawn_reason" text,
	"overdue_notified_at" timestamp with time zone,
	CONSTRAINT "disputes_stage_for_kind_ck" CHECK ("disputes"."kind" not in ('ownership', 'handoff') or "disputes"."stage_id" is not null),
	CONSTRAINT "disputes_closed_ck" CHECK (("disputes"."status" in ('decided', 'withdrawn')) = ("disputes"."closed_at" is not null)),
	CONSTRAINT "disputes_review_ck" CHECK ("disputes"."status" <> 'under_review' or "disputes"."reviewer_id" is not null),
	CONSTRAINT "disputes_due_ck" CHECK ("disputes"."due_by" > "disputes"."opened_at")
);
--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_supersedes_id_decisions_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_comments" ADD CONSTRAINT "dispute_comments_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_comments" ADD CONSTRAINT "dispute_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD CONSTRAINT "dispute_parties_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD CONSTRAINT "dispute_parties_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD CONSTRAINT "dispute_parties_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_handoff_id_handoffs_id_fk" FOREIGN KEY ("handoff_id") REFERENCES "public"."handoffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_raised_by_id_users_id_fk" FOREIGN KEY ("raised_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_raised_by_department_id_departments_id_fk" FOREIGN KEY ("raised_by_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_one_per_dispute_uq" ON "decisions" USING btree ("dispute_id");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_supersedes_uq" ON "decisions" USING btree ("supersedes_id");--> statement-breakpoint
CREATE INDEX "decisions_decided_at_idx" ON "decisions" USING btree ("decided_at");--> statement-breakpoint
CREATE INDEX "dispute_comments_dispute_idx" ON "dispute_comments" USING btree ("dispute_id","created_at");--> statement-breakpoint
CREATE INDEX "dispute_parties_department_idx" ON "dispute_parties" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "disputes_status_idx" ON "disputes" USING btree ("status","due_by");--> statement-breakpoint
CREATE INDEX "disputes_stage_idx" ON "disputes" USING btree ("stage_id");