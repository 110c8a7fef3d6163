-- Requests run as throughline_app, a role that owns nothing: it cannot disable or drop a trigger,
-- alter or create a table, or truncate one, so the append-only triggers hold against it. Only the
-- owner of the tables (the role that runs these migrations) can change the schema.
-- A deployment logs in as a member of this role (GRANT throughline_app TO <login>), or connects
-- as the owner and switches to it (SET ROLE); see README "Two database roles".
-- Roles belong to the whole server, so several databases on one server share the role; its
-- privileges are granted database by database. Two databases migrating at once may both try to
-- create it: the loser sees duplicate_object or unique_violation and carries on.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'throughline_app') THEN
    CREATE ROLE throughline_app NOLOGIN;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
  WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'Throughline needs the database role throughline_app and the migrating user may not create roles. Ask an administrator to run: CREATE ROLE throughline_app NOLOGIN';
END
$$;
--> statement-breakpoint
-- A role that already existed keeps no privilege this file does not give it.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM throughline_app;
--> statement-breakpoint
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM throughline_app;
--> statement-breakpoint
-- Since PostgreSQL 15 nobody but the owner may create objects in public; a database created on an
-- older version keeps the old grant to PUBLIC, which this takes back (a no-op where it is gone).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO throughline_app;
--> statement-breakpoint
-- Tables of this release that are not named below (added by migrations written beside this one)
-- get what a table normally needs; TRUNCATE, REFERENCES and TRIGGER are never granted.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO throughline_app;
--> statement-breakpoint
-- Then each table the app knows gets exactly what its code does: DELETE only where the app
-- deletes (expired sign-in failures), UPDATE only where it edits.
REVOKE UPDATE, DELETE ON audit_events, decisions, ownership_assignments, dispute_comments FROM throughline_app;
--> statement-breakpoint
REVOKE DELETE ON users, invites, departments, settings, journeys, stages, handoffs, notifications,
  strategic_objectives, goals, check_ins, disputes, dispute_parties FROM throughline_app;
--> statement-breakpoint
-- Ownership history is append-only except that a current row is closed by setting valid_to.
GRANT UPDATE (valid_to) ON ownership_assignments TO throughline_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO throughline_app;
--> statement-breakpoint
-- Tables that later migrations create (as this same owner) start with SELECT and INSERT only: a
-- table the app must update or delete from says so with its own GRANT, and one it never should is
-- append-only without anyone having to remember a REVOKE.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO throughline_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO throughline_app;
