-- The audit log's filters run in SQL before paging. By action: an index on (action, created_at)
-- serves "every Owner assigned, newest first". By department: an event concerns a department
-- when its before or after names it (jsonb containment, @>), which GIN indexes with
-- jsonb_path_ops answer without reading every event's payload.
CREATE INDEX IF NOT EXISTS "audit_action_idx" ON "audit_events" USING btree ("action", "created_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_before_gin_idx" ON "audit_events" USING gin ("before" jsonb_path_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_after_gin_idx" ON "audit_events" USING gin ("after" jsonb_path_ops);
