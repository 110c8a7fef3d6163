import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openPostgres, type Db, type DbHandle } from "@/db/client";
import { RUNTIME_ROLE, assertRuntimeRole } from "@/db/runtime-role";
import { pgErrorCode } from "@/lib/errors";
import { asOwner, databaseFingerprint, rows, useTestDatabase, usingPostgres } from "../helpers/db";
import { decidedDispute, makeDisputeWorld, type DisputeWorld } from "../helpers/dispute-fixtures";

// current-user pulls in the Auth.js config, which imports "next/server" without an extension.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

// The role requests run as must not be able to erase or rewrite history, whatever SQL it is
// given: not by its grants, and not by switching the history triggers off.
const db = useTestDatabase();

const FORBIDDEN = [
  "update audit_events set reason = 'rewritten'",
  "delete from audit_events",
  "truncate audit_events",
  "update decisions set rationale = 'rewritten'",
  "delete from decisions",
  "truncate decisions",
  "alter table audit_events disable trigger user",
  "alter table decisions disable trigger all",
  "drop trigger audit_events_no_update_delete on audit_events",
  "drop trigger decisions_no_update_delete on decisions",
  "create or replace function audit_events_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$",
  "create table tl_sneaky (id int)",
  "create schema tl_sneaky",
  "drop table audit_events",
  "alter table ownership_assignments drop constraint ownership_interval_ck",
  "delete from ownership_assignments",
  "truncate ownership_assignments",
  "update ownership_assignments set department_id = department_id",
  "update ownership_assignments set valid_from = valid_from - interval '1 year'",
  "update ownership_assignments set reason = 'rewritten'",
  `alter role ${RUNTIME_ROLE} superuser`,
];

async function historyFingerprint(on: Db) {
  const [counts] = await rows<Record<string, number>>(
    on,
    sql`select (select count(*)::int from decisions) as decisions, (select count(*)::int from ownership_assignments) as ownership,
      (select md5(string_agg(o::text, '|' order by o.id)) from ownership_assignments o) as ownership_md5`,
  );
  return { ...(await databaseFingerprint(on)), ...counts };
}

/** Every statement fails with insufficient_privilege and leaves history exactly as it was. */
async function expectAllRefused(on: Db, statements: string[]) {
  const before = await historyFingerprint(on);
  for (const statement of statements) {
    const error = await on.execute(sql.raw(statement)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, `went through: ${statement}`).not.toBeNull();
    expect(pgErrorCode(error), statement).toBe("42501");
  }
  expect(await historyFingerprint(on)).toEqual(before);
}

let w: DisputeWorld;
beforeAll(async () => {
  // History made through the real commands, as the runtime role: an ownership change, a
  // decision and their audit events. (That these work at all is the other half of the proof.)
  w = await makeDisputeWorld(db());
  await decidedDispute(w, w.alpha, w.beta);
});

describe("the runtime role", () => {
  it("is who requests run as, not the owner", async () => {
    const [me] = await rows<{ user: string; superuser: boolean }>(db(), sql`select current_user as "user", (select rolsuper from pg_roles where rolname = current_user) as superuser`);
    expect(me).toEqual({ user: RUNTIME_ROLE, superuser: false });
    await expect(assertRuntimeRole(db(), { separateLogin: false })).resolves.toBeUndefined();
  });

  it("cannot update, delete or truncate history, switch its triggers off, or change the schema", async () => {
    const [counted] = await rows<{ audit: number; decisions: number; ownership: number }>(
      db(),
      sql`select (select count(*)::int from audit_events) as audit, (select count(*)::int from decisions) as decisions, (select count(*)::int from ownership_assignments) as ownership`,
    );
    expect(Math.min(counted!.audit, counted!.decisions, counted!.ownership)).toBeGreaterThan(0);
    await expectAllRefused(db(), FORBIDDEN);
  });

  it("still closes a current ownership row (valid_to) and appends to the history tables", async () => {
    // Through the app's own path: the decision above closed the previous owner's row and wrote
    // decisions and audit events. Directly, valid_to is the one column it may set.
    const [row] = await rows<{ id: string }>(db(), sql`select id from ownership_assignments where valid_to is null limit 1`);
    // Closing an open row, once, is the one update history allows (migration 0007's trigger too).
    await db().execute(sql`update ownership_assignments set valid_to = greatest(now(), valid_from) where id = ${row!.id}`);
    await db().execute(sql`insert into audit_events (action, entity_type, reason) values ('settings.updated', 'settings', 'runtime role test')`);
  });

  it("start-up refuses to serve as a role that could erase history (the owner)", async () => {
    await expect(asOwner((owner) => assertRuntimeRole(owner, { separateLogin: false }))).rejects.toThrow(/Refusing to serve requests/);
  });

  it("with one login (the owner, switching role per connection), the start-up check for two logins refuses", async () => {
    // Why README recommends two logins: a session whose login is the owner can give itself back
    // the owner's powers (SET ROLE NONE), so one URL protects against the app's own mistakes but
    // not against arbitrary SQL. (PGlite's single user is a superuser: the same holds there.)
    await expect(assertRuntimeRole(db(), { separateLogin: true })).rejects.toThrow(/can act as the owner/);
  });
});

// Logins exist only on a real server; PGlite has its one user.
if (usingPostgres) describe("a separate login that is only a member of the runtime role (PostgreSQL)", () => {
  const login = `tl_login_${crypto.randomBytes(4).toString("hex")}`;
  const password = crypto.randomBytes(12).toString("hex");
  let admin: postgres.Sql;
  let loginUrl: string;
  let runtime: DbHandle;
  const runtimeDb = () => runtime.db;

  beforeAll(async () => {
    admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${login} login password '${password}'`);
    await admin.unsafe(`grant ${RUNTIME_ROLE} to ${login}`);
    const [{ name } = { name: "" }] = await rows<{ name: string }>(db(), sql`select current_database() as name`);
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.username = login;
    u.password = password;
    u.pathname = `/${name}`;
    loginUrl = u.toString();
    runtime = openPostgres(loginUrl, 2);
  });
  afterAll(async () => {
    await runtime?.close();
    await admin?.unsafe(`drop role if exists ${login}`);
    await admin?.end();
  });

  it("passes the start-up check meant for DATABASE_URL with DATABASE_MIGRATION_URL", async () => {
    await expect(assertRuntimeRole(runtimeDb(), { separateLogin: true })).resolves.toBeUndefined();
  });

  it("is refused every statement above, and stays refused after RESET ROLE, SET ROLE NONE or SET SESSION AUTHORIZATION", async () => {
    await expectAllRefused(runtimeDb(), FORBIDDEN);
    // One connection, so each escape attempt and the statements after it share a session.
    const raw = postgres(loginUrl, { max: 1, onnotice: () => {}, connection: { role: RUNTIME_ROLE } });
    try {
      for (const escape of ["reset role", "set role none"]) {
        await raw.unsafe(escape);
        await expect(raw.unsafe("delete from audit_events")).rejects.toMatchObject({ code: "42501" });
        await expect(raw.unsafe("alter table audit_events disable trigger user")).rejects.toMatchObject({ code: "42501" });
      }
      await expect(raw.unsafe("set session authorization postgres")).rejects.toMatchObject({ code: "42501" });
    } finally {
      await raw.end();
    }
  });
});
