-- The organisation's IANA time zone: "today", due dates, stale periods and day and month
-- boundaries are reckoned in it. Existing installations keep reckoning in UTC, as before.
ALTER TABLE "settings" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;
--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_time_zone_ck" CHECK (char_length("settings"."time_zone") between 1 and 64);
