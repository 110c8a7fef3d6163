import { sql } from "drizzle-orm";
import type { Db } from "./client";

/**
 * The role requests run as (migration 0011 creates it and its grants). It owns nothing: it
 * cannot alter, disable or drop a trigger, create or alter a table, or truncate one; on the
 * history tables it may only read and append (and close an ownership row by setting valid_to).
 */
export const RUNTIME_ROLE = "throughline_app";

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/**
 * Switches a single-session database (PGlite) to the runtime role after migrating. PostgreSQL
 * connections get the role as a startup parameter instead (db/client.ts), so a pooled
 * connection can never start a request as the owner.
 */
export async function enterRuntimeRole(db: Db): Promise<void> {
  await db.execute(sql.raw(`set role ${RUNTIME_ROLE}`));
}

type RoleFacts = {
  acting: string;
  login: string;
  superuser: boolean;
  owns_objects: boolean;
  can_create: boolean;
  can_rewrite_history: boolean;
  login_is_owner: boolean;
};

/**
 * Refuses to serve when the role that requests run as could erase history: a superuser, an
 * owner of any table, a role that may create in the schema, or one holding UPDATE, DELETE or
 * TRUNCATE where history lives. With `separateLogin` (DATABASE_MIGRATION_URL given) the login
 * itself must not be able to become the owner either, since any statement could RESET ROLE.
 */
export async function assertRuntimeRole(db: Db, { separateLogin }: { separateLogin: boolean }): Promise<void> {
  const [facts] = rowsOf<RoleFacts>(
    await db.execute(sql`
      select current_user as acting, session_user as login,
        (select rolsuper from pg_roles where rolname = current_user) as superuser,
        exists (
          select 1 from pg_class c
          where c.relnamespace = 'public'::regnamespace and pg_has_role(current_user, c.relowner, 'USAGE')
        ) as owns_objects,
        has_schema_privilege('public', 'CREATE') as can_create,
        has_table_privilege('audit_events', 'UPDATE, DELETE, TRUNCATE')
          or has_table_privilege('decisions', 'UPDATE, DELETE, TRUNCATE')
          or has_table_privilege('ownership_assignments', 'UPDATE, DELETE, TRUNCATE') as can_rewrite_history,
        (select rolsuper from pg_roles where rolname = session_user)
          or pg_has_role(session_user, (select relowner from pg_class where oid = 'audit_events'::regclass), 'MEMBER') as login_is_owner
    `),
  );
  if (!facts) throw new Error("Could not read the database role's privileges.");
  const problems = [
    facts.acting !== RUNTIME_ROLE && `requests would run as "${facts.acting}", not ${RUNTIME_ROLE}`,
    facts.superuser && "it is a superuser",
    facts.owns_objects && "it owns tables of the schema",
    facts.can_create && "it may create objects in the schema",
    facts.can_rewrite_history && "it may update, delete or truncate history",
    separateLogin && facts.login_is_owner && `the login "${facts.login}" of DATABASE_URL can act as the owner of the tables (leave DATABASE_MIGRATION_URL unset to run with one login, or give DATABASE_URL a login that is only a member of ${RUNTIME_ROLE})`,
  ].filter(Boolean);
  if (problems.length) {
    throw new Error(`Refusing to serve requests: the database role could erase history: ${problems.join("; ")}.`);
  }
}
