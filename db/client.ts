import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import type { ExtractTablesWithRelations, Logger } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env, isDemoMode } from "@/lib/env";
import { migratePgliteDb, migratePostgresUrl } from "./migrate";
import * as schema from "./schema";
import { assertOutsideTransaction, scopeTransactions } from "./tx-scope";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
};

/** Optional driver settings; `logger` sees every SQL statement (tests count them). */
export type OpenOptions = { logger?: Logger };

/** Opens (without migrating) a PGlite database in `dataDir`, or in memory when omitted. */
export async function openPglite(dataDir?: string, { logger }: OpenOptions = {}): Promise<DbHandle> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  // btree_gist backs the exclusion constraint on accountable periods (migration 0007).
  const client = new PGlite({ dataDir, extensions: { btree_gist } });
  await client.waitReady;
  const db = scopeTransactions(drizzlePglite({ client, schema, logger }) as unknown as Db);
  return { db, kind: "pglite", close: () => client.close() };
}

export function openPostgres(url: string, max = env.DATABASE_POOL_SIZE, { logger }: OpenOptions = {}): DbHandle {
  // JIT compilation pays off for long analytical queries, not for a web app's short ones: the
  // dashboard's month series was estimated big enough to JIT-compile on every request
  // (0.35–0.9 s of compile for a 12 ms query, measured by `npm run bench`).
  const client = postgres(url, { max, onnotice: () => {}, connection: { jit: "off" } });
  const db = scopeTransactions(drizzlePostgres({ client, schema, logger }) as unknown as Db);
  return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

type Holder = { handle?: Promise<DbHandle> };
// One client per process, kept on globalThis so dev hot-reload and Next's separate
// bundles (instrumentation, route handlers, server actions) share it.
const holder = ((globalThis as { __throughlineDb?: Holder }).__throughlineDb ??= {});

async function openAppDatabase(): Promise<DbHandle> {
  let handle: DbHandle;
  if (env.DATABASE_URL) {
    await migratePostgresUrl(env.DATABASE_URL);
    handle = openPostgres(env.DATABASE_URL);
  } else {
    handle = await openPglite(env.pgliteDir);
    await migratePgliteDb(handle.db as never);
  }
  if (isDemoMode) {
    const { seedDemoIfEmpty } = await import("./seed/demo");
    await seedDemoIfEmpty(handle.db);
  }
  return handle;
}

/** The process-wide database, migrated (and seeded in demo mode) on first use. */
export async function getDb(): Promise<Db> {
  assertOutsideTransaction();
  holder.handle ??= openAppDatabase().catch((err: unknown) => {
    holder.handle = undefined;
    throw err;
  });
  return (await holder.handle).db;
}

/** Tests and scripts install their own database as the process-wide one. */
export function useDatabase(handle: DbHandle): void {
  holder.handle = Promise.resolve(handle);
}

export async function closeDb(): Promise<void> {
  const h = holder.handle;
  holder.handle = undefined;
  if (h) await (await h).close();
}

export { schema };

/** Rows of a raw `db.execute(sql…)`: postgres.js answers an array, PGlite `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
