import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { closeDb, openPglite, openPostgres, useDatabase, type Db, type DbHandle } from "@/db/client";
import { migratePgliteDb, migratePostgresUrl } from "@/db/migrate";

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

function databaseUrl(base: string, name: string) {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a brand-new
 * database on the PostgreSQL server of TEST_DATABASE_URL (dropped afterwards). It becomes the
 * process-wide database that lib/ uses.
 */
export async function openTestDatabase(): Promise<DbHandle & { url?: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const handle = await openPglite();
    await migratePgliteDb(handle.db as never);
    return { ...handle, drop: async () => {} };
  }
  const name = `tl_it_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = databaseUrl(base, name);
  await migratePostgresUrl(url);
  const handle = openPostgres(url, 20);
  return {
    ...handle,
    url,
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** Installs a fresh database for the current test file and returns a getter for it. */
export function useTestDatabase(): () => Db {
  let handle: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
  beforeAll(async () => {
    handle = await openTestDatabase();
    useDatabase(handle);
  });
  afterAll(async () => {
    await closeDb();
    await handle?.drop();
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
