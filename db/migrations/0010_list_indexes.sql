-- Exports read in keyset batches over keys that never change: goals by (created_at, id), and
-- each goal's check-ins by (created_at, id). These indexes let a batch start at its cursor and
-- stop after the batch, instead of sorting all 250,000 check-ins for every 1,000 it returns.
CREATE INDEX IF NOT EXISTS "goals_created_idx" ON "goals" USING btree ("created_at", "id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "check_ins_goal_created_idx" ON "check_ins" USING btree ("goal_id", "created_at", "id");
