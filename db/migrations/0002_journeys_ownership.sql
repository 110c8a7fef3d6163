CREATE TYPE "public"."journey_status" AS ENUM('draft', 'active', 'archived');--> statement-breakpoint
CREATE TYPE "public"."goal_disposition" AS ENUM('move', 'retire');--> statement-breakpoint
CREATE TYPE "public"."handoff_status" AS ENUM('pending', 'accepted', 'declined', 'cancelled', 'expired');--> statement-breakpoint
CREATE TYPE "public"."ownership_source" AS ENUM('assigned', 'claimed', 'handed_off', 'decided');--> statement-breakpoint
CREATE TYPE "public"."raci_role" AS ENUM('accountable', 'responsible', 'consulted', 'informed');--> statement-breakpoint
CREATE TYPE "public"."notification_kind" AS ENUM('handoff_offered', 'handoff_accepted', 'handoff_declined', 'handoff_cancelled', 'stage_reassigned', 'stage_orphaned');--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'journey.created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'journey.updated';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'journey.archived';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'stage.created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'stage.updated';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'stage.reordered';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'stage.archived';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'ownership.assigned';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'ownership.claimed';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'ownership.handed_off';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'handoff.proposed';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'handoff.accepted';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'handoff.declined';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'handoff.cancelled';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'handoff.expired';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'stage.orphaned';--> statement-breakpoint
ALTER TYPE "public"."audit_entity" ADD VALUE 'journey';--> statement-breakpoint
ALTER TYPE "public"."audit_entity" ADD VALUE 'stage';--> statement-breakpoint
ALTER TYPE "public"."audit_entity" ADD VALUE 'handoff';--> statement-breakpoint
CREATE TABLE "journeys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"segment" text DEFAULT '' NOT NULL,
	"status" "journey_status" DEFAULT 'draft' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"journey_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"customer_goal" text DEFAULT '' NOT NULL,
	"emotion_score" smallint,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stages_emotion_ck" CHECK ("stages"."emotion_score" is null or "stages"."emotion_score" between -2 and 2),
	CONSTRAINT "stages_position_ck" CHECK ("stages"."position" > 0 or "stages"."archived")
);
--> statement-breakpoint
CREATE TABLE "handoffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stage_id" uuid NOT NULL,
	"from_department_id" uuid NOT NULL,
	"to_department_id" uuid NOT NULL,
	"note" text NOT NULL,
	"goal_disposition" "goal_disposition" NOT NULL,
	"status" "handoff_status" DEFAULT 'pending' NOT NULL,
	"proposed_by_id" uuid NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_by_id" uuid,
	"responded_at" timestamp with time zone,
	"response_reason" text,
	"forced" boolean DEFAULT false NOT NULL,
	CONSTRAINT "handoffs_distinct_departments_ck" CHECK ("handoffs"."from_department_id" <> "handoffs"."to_department_id"),
	CONSTRAINT "handoffs_decline_reason_ck" CHECK ("handoffs"."status" <> 'declined' or length(trim(coalesce("handoffs"."response_reason", ''))) > 0),
	CONSTRAINT "handoffs_response_ck" CHECK (("handoffs"."status" = 'pending') = ("handoffs"."responded_at" is null))
);
--> statement-breakpoint
CREATE TABLE "ownership_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stage_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"person_id" uuid,
	"raci" "raci_role" NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_to" timestamp with time zone,
	"source" "ownership_source" NOT NULL,
	"by_user_id" uuid,
	"reason" text DEFAULT '' NOT NULL,
	"handoff_id" uuid,
	"decision_id" uuid,
	CONSTRAINT "ownership_interval_ck" CHECK ("ownership_assignments"."valid_to" is null or "ownership_assignments"."valid_to" >= "ownership_assignments"."valid_from"),
	CONSTRAINT "ownership_accountable_person_ck" CHECK ("ownership_assignments"."raci" <> 'accountable' or "ownership_assignments"."person_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "journeys" ADD CONSTRAINT "journeys_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_from_department_id_departments_id_fk" FOREIGN KEY ("from_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_to_department_id_departments_id_fk" FOREIGN KEY ("to_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_proposed_by_id_users_id_fk" FOREIGN KEY ("proposed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_responded_by_id_users_id_fk" FOREIGN KEY ("responded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_assignments" ADD CONSTRAINT "ownership_assignments_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_assignments" ADD CONSTRAINT "ownership_assignments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_assignments" ADD CONSTRAINT "ownership_assignments_person_id_users_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_assignments" ADD CONSTRAINT "ownership_assignments_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_assignments" ADD CONSTRAINT "ownership_assignments_handoff_id_handoffs_id_fk" FOREIGN KEY ("handoff_id") REFERENCES "public"."handoffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "journeys_name_live_uq" ON "journeys" USING btree (lower("name")) WHERE "journeys"."status" <> 'archived';--> statement-breakpoint
CREATE UNIQUE INDEX "stages_position_live_uq" ON "stages" USING btree ("journey_id","position") WHERE "stages"."archived" = false;--> statement-breakpoint
CREATE INDEX "stages_journey_idx" ON "stages" USING btree ("journey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "handoffs_one_pending_uq" ON "handoffs" USING btree ("stage_id") WHERE "handoffs"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "handoffs_to_pending_idx" ON "handoffs" USING btree ("to_department_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "ownership_one_accountable_uq" ON "ownership_assignments" USING btree ("stage_id") WHERE "ownership_assignments"."raci" = 'accountable' and "ownership_assignments"."valid_to" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "ownership_one_role_per_department_uq" ON "ownership_assignments" USING btree ("stage_id","department_id") WHERE "ownership_assignments"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "ownership_stage_time_idx" ON "ownership_assignments" USING btree ("stage_id","valid_from");--> statement-breakpoint
CREATE INDEX "ownership_department_current_idx" ON "ownership_assignments" USING btree ("department_id") WHERE "ownership_assignments"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "notifications_user_time_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" is null;