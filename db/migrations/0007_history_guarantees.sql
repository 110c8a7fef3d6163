-- Guarantees the code relies on, enforced by the database itself so that no code path (or
-- hand-written SQL) can break them.
--
-- 1. Ownership history is append-only. The one change allowed is closing an open row: setting
--    valid_to once, from NULL to a time no earlier than valid_from (ownership_interval_ck),
--    with every other column unchanged. Any other UPDATE, a second close, DELETE and TRUNCATE
--    are refused. Columns are compared as jsonb, so a column added later is covered too.
CREATE OR REPLACE FUNCTION ownership_assignments_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.valid_to IS NOT NULL THEN
      RAISE EXCEPTION 'ownership history is append-only: a closed row cannot change'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.valid_to IS NULL OR (to_jsonb(NEW) - 'valid_to') IS DISTINCT FROM (to_jsonb(OLD) - 'valid_to') THEN
      RAISE EXCEPTION 'ownership history is append-only: only valid_to of an open row may be set'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ownership history is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ownership_assignments_append_only
  BEFORE UPDATE OR DELETE ON ownership_assignments
  FOR EACH ROW EXECUTE FUNCTION ownership_assignments_guard();
--> statement-breakpoint
CREATE TRIGGER ownership_assignments_no_truncate
  BEFORE TRUNCATE ON ownership_assignments
  FOR EACH STATEMENT EXECUTE FUNCTION ownership_assignments_guard();
--> statement-breakpoint
-- 2. A stage's accountable periods never overlap: at any instant one department (and person)
--    is accountable, also in history. Periods are half-open, so one ending when the next begins
--    is fine. Needs btree_gist for the equality on stage_id (PostgreSQL contrib; loaded as an
--    extension by PGlite, see db/client.ts).
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE ownership_assignments ADD CONSTRAINT ownership_accountable_no_overlap_ex
  EXCLUDE USING gist (stage_id WITH =, tstzrange(valid_from, coalesce(valid_to, 'infinity'::timestamptz)) WITH &&)
  WHERE (raci = 'accountable');
--> statement-breakpoint
-- 3. A check-in is recorded only on an active goal. The goal row is read FOR SHARE, so a
--    concurrent status change waits for this insert (or this insert sees its result).
CREATE OR REPLACE FUNCTION check_ins_goal_active() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  goal_status goal_status;
BEGIN
  SELECT status INTO goal_status FROM goals WHERE id = NEW.goal_id FOR SHARE;
  IF goal_status IS DISTINCT FROM 'active' THEN
    RAISE EXCEPTION 'a check-in can only be recorded on an active goal (this goal is %)', coalesce(goal_status::text, 'missing')
      USING ERRCODE = 'check_violation', CONSTRAINT = 'check_ins_goal_active_ck', TABLE = 'check_ins';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER check_ins_goal_active
  BEFORE INSERT ON check_ins
  FOR EACH ROW EXECUTE FUNCTION check_ins_goal_active();
--> statement-breakpoint
-- 4. A missed or cancelled goal says why, and so does a withdrawn dispute. Rows closed before
--    the reason was required get one that says so.
UPDATE goals SET status_reason = 'Recorded before reasons were required.'
  WHERE status IN ('missed', 'cancelled') AND length(trim(coalesce(status_reason, ''))) = 0;
--> statement-breakpoint
ALTER TABLE goals ADD CONSTRAINT goals_closed_reason_ck
  CHECK (status NOT IN ('missed', 'cancelled') OR length(trim(coalesce(status_reason, ''))) > 0);
--> statement-breakpoint
UPDATE disputes SET withdrawn_reason = 'Recorded before reasons were required.'
  WHERE status = 'withdrawn' AND length(trim(coalesce(withdrawn_reason, ''))) = 0;
--> statement-breakpoint
ALTER TABLE disputes ADD CONSTRAINT disputes_withdrawn_reason_ck
  CHECK (status <> 'withdrawn' OR length(trim(coalesce(withdrawn_reason, ''))) > 0);
