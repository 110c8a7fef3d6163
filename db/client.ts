import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { DrizzleQueryError, type ExtractTablesWithRelations, type Logger } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env, isDemoMode } from "@/lib/env";
import { DATABASE_UNAVAILABLE_DIGEST, isDatabaseUnavailable } from "@/lib/unavailable";
import { migratePgliteDb, migratePostgresUrl } from "./migrate";
import { RUNTIME_ROLE, assertRuntimeRole, enterRuntimeRole } from "./runtime-role";
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
/**
 * `role`: the role every connection switches to as it starts (a startup parameter, so no
 * pooled connection ever runs a request as the login); null keeps the login's own role, for
 * migrations and owner-only set-up.
 */
export type PostgresOptions = OpenOptions & { role?: string | null };

/** Opens (without migrating) a PGlite database in `dataDir`, or in memory when omitted. */
export async function openPglite(dataDir?: string, { logger }: OpenOptions = {}): Promise<DbHandle> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  // btree_gist backs the exclusion constraint on accountable periods (migration 0007).
  const client = new PGlite({ dataDir, extensions: { btree_gist } });
  await client.waitReady;
  const db = scopeTransactions(drizzlePglite({ client, schema, logger }) as unknown as Db);
  return { db, kind: "pglite", close: () => client.close() };
}

/** A PGlite database in `dataDir` (or in memory), migrated, its session switched to the runtime role. */
export async function openRuntimePglite(dataDir?: string, options: OpenOptions = {}): Promise<DbHandle> {
  const handle = await openPglite(dataDir, options);
  try {
    await migratePgliteDb(handle.db as never);
    await enterRuntimeRole(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

// After a failed connect postgres.js waits before the next attempt, and its default delay grows
// with every failure of the pool to 10–20 s: a restart of a few seconds under load left requests
// waiting that long after the server was back. Half a second at most keeps reconnecting cheap
// while the server is away and prompt once it returns.
const reconnectDelaySeconds = (failures: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failures, 0.5);

export function openPostgres(url: string, max = env.DATABASE_POOL_SIZE, { logger, role = RUNTIME_ROLE }: PostgresOptions = {}): DbHandle {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: env.DATABASE_CONNECT_TIMEOUT_SECONDS,
    idle_timeout: env.DATABASE_IDLE_TIMEOUT_SECONDS,
    max_lifetime: env.DATABASE_MAX_LIFETIME_SECONDS,
    backoff: reconnectDelaySeconds,
    connection: {
      // JIT compilation pays off for long analytical queries, not for a web app's short ones: the
      // dashboard's month series was estimated big enough to JIT-compile on every request
      // (0.35–0.9 s of compile for a 12 ms query, measured by `npm run bench`).
      jit: "off",
      statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
      ...(role ? { role } : {}),
    },
  });
  const db = scopeTransactions(drizzlePostgres({ client, schema, logger }) as unknown as Db);
  return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

type Holder = { handle?: Promise<DbHandle> };
// One client per process, kept on globalThis so dev hot-reload and Next's separate
// bundles (instrumentation, route handlers, server actions) share it.
const holder = ((globalThis as { __throughlineDb?: Holder }).__throughlineDb ??= {});

/**
 * Migrates as the owner (DATABASE_MIGRATION_URL, else DATABASE_URL), then serves every request
 * as the runtime role, after checking that role cannot erase history. The demo seed runs as the
 * runtime role too: it is ordinary application writes.
 */
async function openAppDatabase(): Promise<DbHandle> {
  let handle: DbHandle;
  if (env.DATABASE_URL) {
    await migratePostgresUrl(env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL);
    handle = openPostgres(env.DATABASE_URL);
  } else {
    handle = await openRuntimePglite(env.pgliteDir);
  }
  try {
    await assertRuntimeRole(handle.db, { separateLogin: Boolean(env.DATABASE_MIGRATION_URL) });
    if (isDemoMode) {
      const { seedDemoIfEmpty } = await import("./seed/demo");
      await seedDemoIfEmpty(handle.db);
    }
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
  return handle;
}

// Next hands a server component's error to the error boundary by its digest alone (production
// hides the message). A query that failed because the database is away answers with a fixed
// digest, so app/error.tsx can say so; every other error keeps the digest Next gives it.
Object.defineProperty(DrizzleQueryError.prototype, "digest", {
  configurable: true,
  get(this: DrizzleQueryError) {
    return isDatabaseUnavailable(this) ? DATABASE_UNAVAILABLE_DIGEST : undefined;
  },
  set(this: DrizzleQueryError, value: unknown) {
    Object.defineProperty(this, "digest", { value, writable: true, configurable: true, enumerable: false });
  },
});

function markUnavailable(err: unknown): unknown {
  if (err instanceof Error && isDatabaseUnavailable(err) && !(err instanceof DrizzleQueryError)) {
    Object.assign(err, { digest: DATABASE_UNAVAILABLE_DIGEST });
  }
  return err;
}

/**
 * The process-wide database, migrated (and seeded in demo mode) on first use. When the server
 * cannot be reached at start, the next call tries again.
 */
export async function getDb(): Promise<Db> {
  assertOutsideTransaction();
  holder.handle ??= openAppDatabase().catch((err: unknown) => {
    holder.handle = undefined;
    throw markUnavailable(err);
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
