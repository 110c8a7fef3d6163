import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { env } from "@/lib/env";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

// Any number that identifies Throughline's migration lock among other advisory locks.
const MIGRATION_LOCK_KEY = 7_384_112;

export async function migratePgliteDb(db: Parameters<typeof migratePglite>[0]): Promise<void> {
  await migratePglite(db, { migrationsFolder });
}

/**
 * Applies committed migrations on PostgreSQL. Several app servers may start at once, so the
 * migration runs on one dedicated connection holding an advisory lock: one server migrates,
 * the others wait and then find nothing left to do.
 */
export async function migratePostgresUrl(url: string): Promise<void> {
  // Run as the login of `url` (the owner of the tables), never as the runtime role, and without
  // the request statement_timeout: building an index on a large table may take minutes.
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: env.DATABASE_CONNECT_TIMEOUT_SECONDS });
  const db = drizzle({ client });
  try {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    await migratePostgres(db, { migrationsFolder });
    await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  } finally {
    await client.end({ timeout: 5 });
  }
}
