-- The journey canvas (issue 15): a stage belongs to a phase
-- ("Discover", "Buy"…; consecutive stages with the same phase are drawn under one heading) and
-- lists the touchpoints and channels where the customer meets the company there.
-- (The persona a journey is lived by is its existing "segment or persona" field.)
ALTER TABLE "stages" ADD COLUMN "phase" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "stages" ADD COLUMN "touchpoints" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "stages" ADD COLUMN "channels" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_phase_ck" CHECK (char_length("phase") <= 60 AND "phase" = btrim("phase"));--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_touchpoints_ck" CHECK (cardinality("touchpoints") <= 20 AND array_position("touchpoints", NULL) IS NULL AND char_length(array_to_string("touchpoints", '')) <= 2000);--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_channels_ck" CHECK (cardinality("channels") <= 20 AND array_position("channels", NULL) IS NULL AND char_length(array_to_string("channels", '')) <= 2000);
