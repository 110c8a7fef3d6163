-- The customer's voice (issue 14): signals per journey stage, per-stage-per-day aggregates kept
-- current by the database, and follow-ups that close the loop. Audit actions, notification kinds
-- and further columns for the features built on these tables come in later migrations.
CREATE TYPE "public"."signal_source" AS ENUM('survey', 'support', 'review', 'interview', 'other');--> statement-breakpoint
CREATE TYPE "public"."signal_scale" AS ENUM('csat', 'nps', 'ces');--> statement-breakpoint
CREATE TYPE "public"."follow_up_status" AS ENUM('open', 'acknowledged', 'action_taken', 'closed');--> statement-breakpoint
CREATE TYPE "public"."follow_up_reason" AS ENUM('threshold', 'flagged');--> statement-breakpoint
-- What counts as negative per scale (a score at or below it), the follow-up service level, how
-- long verbatim comments are kept (null: for ever; scores always stay) and the sample below which
-- a stage's measured emotion is marked as too thin to trust.
ALTER TABLE "settings" ADD COLUMN "negative_csat_max" numeric DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "negative_nps_max" numeric DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "negative_ces_max" numeric DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "follow_up_sla_days" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "signal_retention_months" integer;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "measured_min_sample" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_negative_csat_ck" CHECK ("negative_csat_max" >= 1 AND "negative_csat_max" < 5);--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_negative_nps_ck" CHECK ("negative_nps_max" >= 0 AND "negative_nps_max" < 10);--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_negative_ces_ck" CHECK ("negative_ces_max" >= 1 AND "negative_ces_max" < 7);--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_follow_up_sla_ck" CHECK ("follow_up_sla_days" BETWEEN 1 AND 365);--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_signal_retention_ck" CHECK ("signal_retention_months" IS NULL OR "signal_retention_months" BETWEEN 1 AND 120);--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_measured_min_sample_ck" CHECK ("measured_min_sample" BETWEEN 1 AND 10000);--> statement-breakpoint
CREATE TABLE "customer_signals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stage_id" uuid NOT NULL REFERENCES "stages"("id"),
	"source" "signal_source" NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"scale" "signal_scale",
	"score" numeric,
	"comment" text,
	"customer_ref" text,
	"channel" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	-- A redacted or expired comment is gone; when, by whom (null: the retention job) and why stay.
	"comment_removed_at" timestamp with time zone,
	"comment_removed_by_id" uuid REFERENCES "users"("id"),
	"comment_removed_reason" text,
	"created_by_id" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_signals_score_scale_ck" CHECK (("score" IS NULL) = ("scale" IS NULL)),
	CONSTRAINT "customer_signals_score_range_ck" CHECK (
		"scale" IS NULL
		OR ("scale" = 'csat' AND "score" BETWEEN 1 AND 5)
		OR ("scale" = 'nps' AND "score" BETWEEN 0 AND 10)
		OR ("scale" = 'ces' AND "score" BETWEEN 1 AND 7)),
	CONSTRAINT "customer_signals_comment_ck" CHECK ("comment" IS NULL OR char_length("comment") BETWEEN 1 AND 5000),
	CONSTRAINT "customer_signals_removed_ck" CHECK ("comment_removed_at" IS NULL OR ("comment" IS NULL AND length(trim(coalesce("comment_removed_reason", ''))) > 0)),
	CONSTRAINT "customer_signals_ref_ck" CHECK ("customer_ref" IS NULL OR char_length("customer_ref") BETWEEN 1 AND 200),
	CONSTRAINT "customer_signals_channel_ck" CHECK (char_length("channel") <= 100),
	CONSTRAINT "customer_signals_tags_ck" CHECK (cardinality("tags") <= 20)
);--> statement-breakpoint
CREATE INDEX "customer_signals_stage_time_idx" ON "customer_signals" USING btree ("stage_id", "received_at");--> statement-breakpoint
CREATE INDEX "customer_signals_received_idx" ON "customer_signals" USING btree ("received_at", "id");--> statement-breakpoint
CREATE INDEX "customer_signals_comment_age_idx" ON "customer_signals" USING btree ("received_at") WHERE "comment" IS NOT NULL;--> statement-breakpoint
-- Per stage, day (in the company's time zone when the signal was written) and scale ('none' for
-- signals without a score): how many, the sum of scores, how many were negative by the thresholds
-- of the day, NPS promoters (9–10) and detractors (0–6). Kept current by the triggers below, in the
-- writer's transaction; rebuilt by refresh_signal_daily() when thresholds or the time zone change.
CREATE TABLE "signal_daily" (
	"stage_id" uuid NOT NULL REFERENCES "stages"("id"),
	"day" date NOT NULL,
	"scale" text NOT NULL,
	"signals" integer DEFAULT 0 NOT NULL,
	"score_sum" numeric DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"promoters" integer DEFAULT 0 NOT NULL,
	"detractors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "signal_daily_pk" PRIMARY KEY ("stage_id", "day", "scale"),
	CONSTRAINT "signal_daily_scale_ck" CHECK ("scale" IN ('csat', 'nps', 'ces', 'none')),
	CONSTRAINT "signal_daily_counts_ck" CHECK ("signals" >= 0 AND "negative" BETWEEN 0 AND "signals" AND "promoters" >= 0 AND "detractors" >= 0 AND "promoters" + "detractors" <= "signals")
);--> statement-breakpoint
CREATE INDEX "signal_daily_day_idx" ON "signal_daily" USING btree ("day");--> statement-breakpoint
CREATE OR REPLACE FUNCTION signal_is_negative(p_scale signal_scale, p_score numeric) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT CASE p_scale
    WHEN 'csat' THEN p_score <= (SELECT negative_csat_max FROM settings WHERE id = 1)
    WHEN 'nps' THEN p_score <= (SELECT negative_nps_max FROM settings WHERE id = 1)
    WHEN 'ces' THEN p_score <= (SELECT negative_ces_max FROM settings WHERE id = 1)
    ELSE false END
$$;--> statement-breakpoint
-- Adds (sign 1) or takes off (sign -1) a set of signals. Taking off updates existing rows (a
-- candidate row of negative counts would fail the checks) and drops a row that reaches zero.
CREATE OR REPLACE FUNCTION signal_daily_apply(rows_json jsonb, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE tz text := coalesce((SELECT time_zone FROM settings WHERE id = 1), 'UTC');
BEGIN
  IF sign > 0 THEN
    INSERT INTO signal_daily AS d (stage_id, day, scale, signals, score_sum, negative, promoters, detractors)
    SELECT r.stage_id, (r.received_at AT TIME ZONE tz)::date, coalesce(r.scale::text, 'none'),
           count(*), coalesce(sum(r.score), 0),
           count(*) FILTER (WHERE signal_is_negative(r.scale, r.score)),
           count(*) FILTER (WHERE r.scale = 'nps' AND r.score >= 9),
           count(*) FILTER (WHERE r.scale = 'nps' AND r.score <= 6)
    FROM jsonb_to_recordset(rows_json) AS r(stage_id uuid, received_at timestamptz, scale signal_scale, score numeric)
    GROUP BY 1, 2, 3
    ON CONFLICT (stage_id, day, scale) DO UPDATE SET
      signals = d.signals + excluded.signals,
      score_sum = d.score_sum + excluded.score_sum,
      negative = d.negative + excluded.negative,
      promoters = d.promoters + excluded.promoters,
      detractors = d.detractors + excluded.detractors;
  ELSE
    UPDATE signal_daily AS d SET
      signals = d.signals - g.signals,
      score_sum = d.score_sum - g.score_sum,
      negative = d.negative - g.negative,
      promoters = d.promoters - g.promoters,
      detractors = d.detractors - g.detractors
    FROM (
      SELECT r.stage_id, (r.received_at AT TIME ZONE tz)::date AS day, coalesce(r.scale::text, 'none') AS scale,
             count(*) AS signals, coalesce(sum(r.score), 0) AS score_sum,
             count(*) FILTER (WHERE signal_is_negative(r.scale, r.score)) AS negative,
             count(*) FILTER (WHERE r.scale = 'nps' AND r.score >= 9) AS promoters,
             count(*) FILTER (WHERE r.scale = 'nps' AND r.score <= 6) AS detractors
      FROM jsonb_to_recordset(rows_json) AS r(stage_id uuid, received_at timestamptz, scale signal_scale, score numeric)
      GROUP BY 1, 2, 3
    ) g
    WHERE d.stage_id = g.stage_id AND d.day = g.day AND d.scale = g.scale;
    DELETE FROM signal_daily WHERE signals = 0;
  END IF;
END;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION customer_signals_maintain_daily() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM signal_daily_apply((SELECT coalesce(jsonb_agg(jsonb_build_object('stage_id', stage_id, 'received_at', received_at, 'scale', scale, 'score', score)), '[]') FROM old_signals), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM signal_daily_apply((SELECT coalesce(jsonb_agg(jsonb_build_object('stage_id', stage_id, 'received_at', received_at, 'scale', scale, 'score', score)), '[]') FROM new_signals), 1);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER customer_signals_daily_after_insert
  AFTER INSERT ON customer_signals REFERENCING NEW TABLE AS new_signals
  FOR EACH STATEMENT EXECUTE FUNCTION customer_signals_maintain_daily();--> statement-breakpoint
-- Only a change to what is counted moves the aggregates (a redaction touches none of these).
CREATE OR REPLACE FUNCTION customer_signals_counted_fields_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.stage_id IS DISTINCT FROM OLD.stage_id OR NEW.received_at IS DISTINCT FROM OLD.received_at
     OR NEW.scale IS DISTINCT FROM OLD.scale OR NEW.score IS DISTINCT FROM OLD.score THEN
    RAISE EXCEPTION 'a customer signal''s stage, time, scale and score cannot change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER customer_signals_counted_fields_fixed
  BEFORE UPDATE ON customer_signals
  FOR EACH ROW EXECUTE FUNCTION customer_signals_counted_fields_fixed();--> statement-breakpoint
CREATE TRIGGER customer_signals_daily_after_delete
  AFTER DELETE ON customer_signals REFERENCING OLD TABLE AS old_signals
  FOR EACH STATEMENT EXECUTE FUNCTION customer_signals_maintain_daily();--> statement-breakpoint
-- Rebuilds the aggregates from the signals (after thresholds or the time zone change).
CREATE OR REPLACE FUNCTION refresh_signal_daily() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE tz text := coalesce((SELECT time_zone FROM settings WHERE id = 1), 'UTC');
BEGIN
  DELETE FROM signal_daily;
  INSERT INTO signal_daily (stage_id, day, scale, signals, score_sum, negative, promoters, detractors)
  SELECT s.stage_id, (s.received_at AT TIME ZONE tz)::date, coalesce(s.scale::text, 'none'),
         count(*), coalesce(sum(s.score), 0),
         count(*) FILTER (WHERE signal_is_negative(s.scale, s.score)),
         count(*) FILTER (WHERE s.scale = 'nps' AND s.score >= 9),
         count(*) FILTER (WHERE s.scale = 'nps' AND s.score <= 6)
  FROM customer_signals s GROUP BY 1, 2, 3;
END;
$$;--> statement-breakpoint
-- One follow-up per signal that needs acting on: below its scale's threshold, or flagged by a
-- user. It belongs to the stage's accountable department (null while the stage has no owner: the
-- CCOs' queue) and moves with the stage on a change of owner, as goals do.
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"signal_id" uuid NOT NULL REFERENCES "customer_signals"("id"),
	"stage_id" uuid NOT NULL REFERENCES "stages"("id"),
	"department_id" uuid REFERENCES "departments"("id"),
	"reason" "follow_up_reason" NOT NULL,
	"status" "follow_up_status" DEFAULT 'open' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"goal_id" uuid REFERENCES "goals"("id"),
	"dispute_id" uuid REFERENCES "disputes"("id"),
	"overdue_notified_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"opened_by_id" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "follow_ups_closed_ck" CHECK (("status" = 'closed') = ("closed_at" IS NOT NULL)),
	CONSTRAINT "follow_ups_due_ck" CHECK ("due_at" > "created_at"),
	CONSTRAINT "follow_ups_flagged_by_ck" CHECK ("reason" <> 'flagged' OR "opened_by_id" IS NOT NULL)
);--> statement-breakpoint
CREATE UNIQUE INDEX "follow_ups_signal_uq" ON "follow_ups" USING btree ("signal_id");--> statement-breakpoint
CREATE INDEX "follow_ups_department_open_idx" ON "follow_ups" USING btree ("department_id", "due_at") WHERE "status" <> 'closed';--> statement-breakpoint
CREATE INDEX "follow_ups_stage_open_idx" ON "follow_ups" USING btree ("stage_id") WHERE "status" <> 'closed';--> statement-breakpoint
CREATE INDEX "follow_ups_due_open_idx" ON "follow_ups" USING btree ("due_at") WHERE "status" <> 'closed';--> statement-breakpoint
-- Each step of a follow-up with its note, append-only like the audit log.
CREATE TABLE "follow_up_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"follow_up_id" uuid NOT NULL REFERENCES "follow_ups"("id"),
	"kind" text NOT NULL,
	"from_status" "follow_up_status",
	"to_status" "follow_up_status",
	"from_department_id" uuid REFERENCES "departments"("id"),
	"to_department_id" uuid REFERENCES "departments"("id"),
	"note" text DEFAULT '' NOT NULL,
	"actor_id" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_events_kind_ck" CHECK ("kind" IN ('opened', 'acknowledged', 'action_taken', 'closed', 'reopened', 'moved', 'linked_goal', 'dispute_raised', 'overdue_notified', 'escalated', 'note')),
	CONSTRAINT "follow_up_events_note_ck" CHECK (char_length("note") <= 2000)
);--> statement-breakpoint
CREATE INDEX "follow_up_events_follow_up_idx" ON "follow_up_events" USING btree ("follow_up_id", "created_at");--> statement-breakpoint
-- A SMART goal's metric may be measured from its stage's signals (an automatic check-in each day).
ALTER TABLE "goals" ADD COLUMN "signal_metric" text;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_signal_metric_ck" CHECK ("signal_metric" IS NULL OR "signal_metric" IN ('csat_average', 'nps', 'ces_average', 'negative_share'));--> statement-breakpoint
ALTER TABLE "check_ins" ADD COLUMN "automatic" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- An automatic check-in has no author: the schedule computed it.
ALTER TABLE "check_ins" ALTER COLUMN "author_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_author_ck" CHECK ("automatic" OR "author_id" IS NOT NULL);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON customer_signals, signal_daily TO throughline_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON follow_ups TO throughline_app;--> statement-breakpoint
GRANT SELECT, INSERT ON follow_up_events TO throughline_app;
