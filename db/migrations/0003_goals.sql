CREATE TYPE "public"."check_in_confidence" AS ENUM('high', 'medium', 'low');--> statement-breakpoint
CREATE TYPE "public"."goal_direction" AS ENUM('increase', 'decrease');--> statement-breakpoint
CREATE TYPE "public"."goal_status" AS ENUM('draft', 'active', 'achieved', 'missed', 'cancelled');--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'objective.created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'objective.updated';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'objective.archived';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'goal.created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'goal.updated';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'goal.status_changed';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'goal.moved';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'goal.retired';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'check_in.recorded';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'check_in.corrected';--> statement-breakpoint
ALTER TYPE "public"."audit_entity" ADD VALUE 'objective';--> statement-breakpoint
ALTER TYPE "public"."audit_entity" ADD VALUE 'goal';--> statement-breakpoint
ALTER TYPE "public"."audit_entity" ADD VALUE 'check_in';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'goal_stale';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'goal_stale_escalated';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'goal_off_track';--> statement-breakpoint
CREATE TABLE "check_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"goal_id" uuid NOT NULL,
	"value" numeric NOT NULL,
	"confidence" "check_in_confidence" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"measured_on" date NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"corrected_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stage_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"metric_name" text NOT NULL,
	"metric_unit" text NOT NULL,
	"baseline" numeric NOT NULL,
	"target" numeric NOT NULL,
	"direction" "goal_direction" NOT NULL,
	"start_date" date NOT NULL,
	"due_date" date NOT NULL,
	"owner_id" uuid NOT NULL,
	"objective_id" uuid NOT NULL,
	"budget" numeric NOT NULL,
	"people" integer NOT NULL,
	"resources_note" text DEFAULT '' NOT NULL,
	"status" "goal_status" DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"stale_notified_at" timestamp with time zone,
	"stale_escalated_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goals_target_differs_ck" CHECK ("goals"."target" <> "goals"."baseline"),
	CONSTRAINT "goals_direction_ck" CHECK (("goals"."direction" = 'increase' and "goals"."target" > "goals"."baseline") or ("goals"."direction" = 'decrease' and "goals"."target" < "goals"."baseline")),
	CONSTRAINT "goals_due_after_start_ck" CHECK ("goals"."due_date" > "goals"."start_date"),
	CONSTRAINT "goals_resources_ck" CHECK ("goals"."budget" >= 0 and "goals"."people" >= 0)
);
--> statement-breakpoint
CREATE TABLE "strategic_objectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "objectives_period_ck" CHECK ("strategic_objectives"."period_end" > "strategic_objectives"."period_start")
);
--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_objective_id_strategic_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."strategic_objectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategic_objectives" ADD CONSTRAINT "strategic_objectives_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_ins_goal_time_idx" ON "check_ins" USING btree ("goal_id","measured_on","created_at");--> statement-breakpoint
CREATE INDEX "goals_stage_idx" ON "goals" USING btree ("stage_id");--> statement-breakpoint
CREATE INDEX "goals_department_status_idx" ON "goals" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "goals_objective_idx" ON "goals" USING btree ("objective_id");--> statement-breakpoint
CREATE INDEX "goals_owner_idx" ON "goals" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "objectives_title_live_uq" ON "strategic_objectives" USING btree (lower("title")) WHERE "strategic_objectives"."archived" = false;