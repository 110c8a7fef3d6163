-- Goal health comes from each goal's latest check-in. The dashboard and the goals list used to
-- find it per goal per query (a lateral lookup in check_ins, thousands of index probes in each
-- of three dashboard queries); the goal row now keeps it: latest_value and latest_measured_on,
-- the value and measurement day of the check-in ordered last by (measured_on, created_at).
--
-- The database keeps them current, whoever writes check-ins: after every statement that
-- inserts, corrects or deletes check-ins, the goals they belong to are refreshed from
-- check_ins (one index probe each), in the same transaction. A check-in recorded through the
-- app has already locked its goal (FOR UPDATE), so the refresh neither waits nor races.
-- The triggers run as the writer (throughline_app), which may update goals (migration 0011);
-- no column of goals is append-only, and check_ins stay correctable as before.
ALTER TABLE "goals" ADD COLUMN IF NOT EXISTS "latest_value" numeric;
--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN IF NOT EXISTS "latest_measured_on" date;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION goals_refresh_latest_check_in() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE goals g SET (latest_value, latest_measured_on) = (
      SELECT ci.value, ci.measured_on FROM check_ins ci WHERE ci.goal_id = g.id
      ORDER BY ci.measured_on DESC, ci.created_at DESC LIMIT 1)
    WHERE g.id IN (SELECT goal_id FROM new_check_ins);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE goals g SET (latest_value, latest_measured_on) = (
      SELECT ci.value, ci.measured_on FROM check_ins ci WHERE ci.goal_id = g.id
      ORDER BY ci.measured_on DESC, ci.created_at DESC LIMIT 1)
    WHERE g.id IN (SELECT goal_id FROM new_check_ins UNION SELECT goal_id FROM old_check_ins);
  ELSE
    UPDATE goals g SET (latest_value, latest_measured_on) = (
      SELECT ci.value, ci.measured_on FROM check_ins ci WHERE ci.goal_id = g.id
      ORDER BY ci.measured_on DESC, ci.created_at DESC LIMIT 1)
    WHERE g.id IN (SELECT goal_id FROM old_check_ins);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS check_ins_latest_after_insert ON check_ins;
--> statement-breakpoint
CREATE TRIGGER check_ins_latest_after_insert
  AFTER INSERT ON check_ins REFERENCING NEW TABLE AS new_check_ins
  FOR EACH STATEMENT EXECUTE FUNCTION goals_refresh_latest_check_in();
--> statement-breakpoint
DROP TRIGGER IF EXISTS check_ins_latest_after_update ON check_ins;
--> statement-breakpoint
CREATE TRIGGER check_ins_latest_after_update
  AFTER UPDATE ON check_ins REFERENCING OLD TABLE AS old_check_ins NEW TABLE AS new_check_ins
  FOR EACH STATEMENT EXECUTE FUNCTION goals_refresh_latest_check_in();
--> statement-breakpoint
DROP TRIGGER IF EXISTS check_ins_latest_after_delete ON check_ins;
--> statement-breakpoint
CREATE TRIGGER check_ins_latest_after_delete
  AFTER DELETE ON check_ins REFERENCING OLD TABLE AS old_check_ins
  FOR EACH STATEMENT EXECUTE FUNCTION goals_refresh_latest_check_in();
--> statement-breakpoint
-- Backfill: every goal that has check-ins gets its latest one.
UPDATE goals g SET (latest_value, latest_measured_on) = (
  SELECT ci.value, ci.measured_on FROM check_ins ci WHERE ci.goal_id = g.id
  ORDER BY ci.measured_on DESC, ci.created_at DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM check_ins ci WHERE ci.goal_id = g.id);
