import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { closeDb, openPostgres, openRuntimePglite, useDatabase, type Db, type DbHandle } from "@/db/client";
import { migratePostgresUrl } from "@/db/migrate";
import { RUNTIME_ROLE } from "@/db/runtime-role";

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

function databaseUrl(base: string, name: string) {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export type TestDatabase = DbHandle & {
  url?: string;
  /** Runs `work` with the powers of the tables' owner (DDL, trigger tests); see `asOwner`. */
  asOwner: <T>(work: (owner: Db) => Promise<T>) => Promise<T>;
  drop: () => Promise<void>;
};

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a brand-new
 * database on the PostgreSQL server of TEST_DATABASE_URL (dropped afterwards). Like the app, it
 * is migrated as the owner and then used as the runtime role (throughline_app), so every test
 * also proves the runtime role's grants suffice. It becomes the process-wide database of lib/.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const handle = await openRuntimePglite();
    // One session: the owner's powers are borrowed for the duration of `work` and handed back.
    // Nothing else may run on the database meanwhile, which holds inside one test.
    const asOwner = async <T>(work: (owner: Db) => Promise<T>) => {
      await handle.db.execute(sql`reset role`);
      try {
        return await work(handle.db);
      } finally {
        await handle.db.execute(sql.raw(`set role ${RUNTIME_ROLE}`));
      }
    };
    return { ...handle, asOwner, drop: async () => {} };
  }
  const name = `tl_it_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = databaseUrl(base, name);
  await migratePostgresUrl(url);
  const handle = openPostgres(url, 20);
  let owner: DbHandle | undefined;
  return {
    ...handle,
    url,
    asOwner: async (work) => work((owner ??= openPostgres(url, 2, { role: null })).db),
    close: async () => {
      await owner?.close();
      await handle.close();
    },
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

let current: TestDatabase | undefined;

/**
 * Runs `work` as the owner of the tables of the current test file's database: for tests that
 * need what the app can never do (create a trigger, prove a trigger holds even for the owner).
 */
export function asOwner<T>(work: (owner: Db) => Promise<T>): Promise<T> {
  if (!current) throw new Error("test database not open yet");
  return current.asOwner(work);
}

/** The current test file's database handle, e.g. to put it back after a test installed another. */
export function currentTestDatabase(): TestDatabase {
  if (!current) throw new Error("test database not open yet");
  return current;
}

/** The PostgreSQL URL (the owner's login) of the current test file's database; undefined on PGlite. */
export function testDatabaseUrl(): string | undefined {
  return current?.url;
}

/** Installs a fresh database for the current test file and returns a getter for it. */
export function useTestDatabase(): () => Db {
  let handle: TestDatabase | undefined;
  beforeAll(async () => {
    handle = current = await openTestDatabase();
    useDatabase(handle);
  });
  afterAll(async () => {
    await closeDb();
    await handle?.drop();
    if (current === handle) current = undefined;
  });
  return () => {
    if (!handle) throw new Error("test database not open yet");
    return handle.db;
  };
}

/** A fingerprint of every application table's contents: equal before and after means no writes. */
export async function databaseFingerprint(db: Db): Promise<Record<string, string>> {
  const tables = ["users", "departments", "settings", "invites", "audit_events", "sessions", "sign_in_failures"];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const res = await db.execute(sql.raw(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${t} x`));
    const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { h: string }[];
    out[t] = rows[0]!.h;
  }
  return out;
}

export async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const res = await db.execute(query);
  return (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as T[];
}
