-- My work (issue 15): what an executive's figures were at their last visit, so the page can say
-- what moved since. One row per person; the previous visit's figures are kept beside the latest.
CREATE TABLE "my_work_visits" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id"),
	"figures" jsonb NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	"previous_figures" jsonb,
	"previous_seen_at" timestamp with time zone,
	CONSTRAINT "my_work_visits_figures_ck" CHECK (jsonb_typeof("figures") = 'object' AND ("previous_figures" IS NULL OR jsonb_typeof("previous_figures") = 'object')),
	CONSTRAINT "my_work_visits_previous_ck" CHECK (("previous_figures" IS NULL) = ("previous_seen_at" IS NULL) AND ("previous_seen_at" IS NULL OR "previous_seen_at" <= "seen_at"))
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON my_work_visits TO throughline_app;
