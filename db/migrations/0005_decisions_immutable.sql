-- A decision is immutable once recorded (a later decision may supersede it, linking back
-- through supersedes_id). UPDATE and DELETE are refused for everyone connecting through the app.
CREATE OR REPLACE FUNCTION decisions_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'decisions are immutable: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER decisions_no_update_delete
  BEFORE UPDATE OR DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION decisions_refuse_change();
--> statement-breakpoint
CREATE TRIGGER decisions_no_truncate
  BEFORE TRUNCATE ON decisions
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_change();
--> statement-breakpoint
-- Ownership history rows that came about by a decision point at it.
ALTER TABLE ownership_assignments
  ADD CONSTRAINT ownership_assignments_decision_id_fk FOREIGN KEY (decision_id) REFERENCES decisions(id);
