-- The CSV import of customer signals (issue 14): a file is checked and staged in chunks sent by
-- the browser (at most 2,000 rows each), then recorded in one transaction with one audit event
-- (decision 0020). Staged rows are the validated signals waiting for the user's confirmation;
-- each chunk is recorded once, so a retried chunk stages nothing twice.
ALTER TYPE "public"."audit_action" ADD VALUE 'signal.imported';--> statement-breakpoint
CREATE TABLE "signal_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_by_id" uuid NOT NULL REFERENCES "users"("id"),
	"file_name" text NOT NULL,
	"status" text DEFAULT 'staging' NOT NULL,
	"rows_imported" integer,
	"rows_skipped" integer,
	"follow_ups_opened" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_at" timestamp with time zone,
	CONSTRAINT "signal_imports_status_ck" CHECK ("status" IN ('staging', 'imported')),
	CONSTRAINT "signal_imports_done_ck" CHECK (("status" = 'imported') = ("imported_at" IS NOT NULL AND "rows_imported" IS NOT NULL AND "rows_skipped" IS NOT NULL AND "follow_ups_opened" IS NOT NULL)),
	CONSTRAINT "signal_imports_file_name_ck" CHECK (char_length("file_name") <= 255)
);
--> statement-breakpoint
CREATE INDEX "signal_imports_staging_idx" ON "signal_imports" ("created_at") WHERE "status" = 'staging';--> statement-breakpoint
CREATE TABLE "signal_import_chunks" (
	"import_id" uuid NOT NULL REFERENCES "signal_imports"("id") ON DELETE CASCADE,
	"seq" integer NOT NULL,
	"rows" integer NOT NULL,
	"invalid" integer NOT NULL,
	CONSTRAINT "signal_import_chunks_pk" PRIMARY KEY ("import_id", "seq"),
	CONSTRAINT "signal_import_chunks_counts_ck" CHECK ("seq" >= 0 AND "rows" >= 0 AND "invalid" BETWEEN 0 AND "rows")
);
--> statement-breakpoint
CREATE TABLE "signal_import_rows" (
	"import_id" uuid NOT NULL REFERENCES "signal_imports"("id") ON DELETE CASCADE,
	"line" integer NOT NULL,
	"signal" jsonb NOT NULL,
	CONSTRAINT "signal_import_rows_pk" PRIMARY KEY ("import_id", "line")
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON signal_imports TO throughline_app;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON signal_import_chunks, signal_import_rows TO throughline_app;
