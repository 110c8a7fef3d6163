import fs from "node:fs";
import { DrizzleQueryError, type ExtractTablesWithRelations, type Logger } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env, isDemoMode } from "@/lib/env";
import { DATABASE_TIMEOUT_DIGEST, DATABASE_UNAVAILABLE_DIGEST, isDatabaseTimeout, isDatabaseUnavailable } from "@/lib/unavailable";
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
export type PostgresOptions = OpenOptions & { role?: string | null; statementTimeoutMs?: number };

/** Opens (without migrating) a PGlite database in `dataDir`, or in memory when omitted. */
export async function openPglite(dataDir?: string, { logger }: OpenOptions = {}): Promise<DbHandle> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  // Loaded here, not imported at the top: PGlite is an ES module outside the bundle, and a static
  // import would make this module, and every page that reads the database, an async module whose
  // exports promise is made in the first request that loads it and keeps that request in memory
  // for the life of the server (lib/request-context.ts, decision record 24).
  const [{ PGlite }, { btree_gist }, { drizzle: drizzlePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/btree_gist"),
    import("drizzle-orm/pglite"),
  ]);
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

// Drizzle runs every query through postgres.js's `unsafe(text, params, { prepare: false })`, and
// postgres.js sends an unprepared query with parameters in two round trips: Parse and Describe
// first (to learn the parameters' types), then Bind and Execute once the answer is back. A
// prepared one (named per connection, described once) takes one round trip from its second use
// on. Measured with the bench's check-in (scripts/bench/writes.ts): over HTTP about 16 writes to
// PostgreSQL per check-in became about 10 (strace of the server), and in-process the command ran
// about twice as many times a second at 10 callers. Only queries with a few parameters are
// prepared: a long parameter list is nearly always a list of ids (`in ($1, $2, …)`), whose text
// changes with its length, and a connection keeps every statement it prepared until it closes
// (DATABASE_MAX_LIFETIME_SECONDS at most).
const MAX_PREPARED_PARAMETERS = 32;

/**
 * `client` with drizzle's queries prepared (see above), in its transactions and savepoints too.
 * The connections should plan each execution afresh (plan_cache_mode force_custom_plan, as
 * openPostgres sets): a prepared statement would otherwise switch to one generic plan after
 * five runs, which for a skewed filter can be much worse than the plan its values deserve.
 */
export function preparingQueries(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (text: string, params?: unknown[], options?: Record<string, unknown>) =>
          Array.isArray(params) && params.length > 0 && params.length <= MAX_PREPARED_PARAMETERS
            ? target.unsafe(text, params as never, { ...options, prepare: true })
            : target.unsafe(text, params as never, options as never);
      }
      if (prop === "begin" || prop === "savepoint") {
        const open = Reflect.get(target, prop, receiver) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => {
          const work = args.pop() as (sql: postgres.Sql) => unknown;
          return open.call(target, ...args, (sql: postgres.Sql) => work(preparingQueries(sql)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

export function openPostgres(url: string, max = env.DATABASE_POOL_SIZE, { logger, role = RUNTIME_ROLE, statementTimeoutMs = env.DATABASE_STATEMENT_TIMEOUT_MS }: PostgresOptions = {}): DbHandle {
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
      statement_timeout: statementTimeoutMs,
      // Each execution of a prepared statement is planned for its own values, as an unprepared
      // one is (preparingQueries).
      plan_cache_mode: "force_custom_plan",
      ...(role ? { role } : {}),
    },
  });
  const db = scopeTransactions(drizzlePostgres({ client: preparingQueries(client), schema, logger }) as unknown as Db);
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
// hides the message). A query that failed because the database is away, or that the database
// stopped for running too long, answers with a fixed digest, so app/error.tsx can say so; every
// other error keeps the digest Next gives it.
Object.defineProperty(DrizzleQueryError.prototype, "digest", {
  configurable: true,
  get(this: DrizzleQueryError) {
    return isDatabaseUnavailable(this) ? DATABASE_UNAVAILABLE_DIGEST : isDatabaseTimeout(this) ? DATABASE_TIMEOUT_DIGEST : undefined;
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
