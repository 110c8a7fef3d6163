// A large generated company in PostgreSQL, for benchmarks (never part of the test suite).
//
//   DATABASE_URL=postgres://… npm run db:seed:large -- [--reset] [--journeys 50] [--stages 10]
//     [--departments 20] [--goals 5000] [--checkins 250000] [--disputes 2000] [--users 1000]
//     [--signals 1000000]
//
// Refuses a database that already has users unless --reset, which drops and recreates the
// public schema (and drizzle's migration journal) before migrating. Every step is one
// set-based statement over generate_series, seeded with setseed(), so the same sizes give the
// same company in seconds. One login per role shares the password printed at the end.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { hashPassword } from "@/lib/auth/password";
import { migratePostgresUrl } from "../migrate";
import { DISPUTE_STEPS, GOAL_STEPS } from "./large-goals";
import { OWNERSHIP_STEPS } from "./large-ownership";
import { PEOPLE_STEPS, SEED_DOMAIN, type SeedStep } from "./large-people";
import { SIGNAL_STEPS } from "./large-signals";

export type LargeSizes = { journeys: number; stages: number; departments: number; goals: number; checkins: number; disputes: number; users: number; signals: number };

export const DEFAULT_SIZES: LargeSizes = { journeys: 50, stages: 10, departments: 20, goals: 5000, checkins: 250_000, disputes: 2000, users: 1000, signals: 1_000_000 };

export const BENCH_PASSWORD = "throughline-bench";
export const BENCH_LOGINS = {
  admin: `admin@${SEED_DOMAIN}`,
  cco: `cco@${SEED_DOMAIN}`,
  executive: `exec@${SEED_DOMAIN}`,
  head: `head@${SEED_DOMAIN}`,
  member: `member@${SEED_DOMAIN}`,
} as const;

const STEPS: SeedStep[] = [...PEOPLE_STEPS, ...OWNERSHIP_STEPS, ...GOAL_STEPS, ...DISPUTE_STEPS, ...SIGNAL_STEPS];
const SEED = 0.4242;

export class SeedRefused extends Error {}

export type SeedTiming = { label: string; ms: number };
export type SeedResult = { timings: SeedTiming[]; totalMs: number; counts: Record<string, number> };

function checkSizes(s: LargeSizes): void {
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isInteger(v) || v < 1 || v > 10_000_000) throw new SeedRefused(`--${k} must be a whole number from 1 to 10,000,000 (got ${v}).`);
  }
  // Consecutive owners and the R/C/I departments are distinct offsets mod D; every department
  // needs a head and at least two members (the second one is deactivated, for orphans).
  if (s.departments < 4) throw new SeedRefused("--departments must be at least 4.");
  if (s.users < 6 + 3 * s.departments) throw new SeedRefused(`--users must be at least ${6 + 3 * s.departments} for ${s.departments} departments.`);
}

const ms = (t0: number) => Math.round(performance.now() - t0);

/** Seeds the large company into `url`; returns per-step timings and the row counts. */
export async function seedLarge({ url, reset = false, sizes = DEFAULT_SIZES, log = console.log }: { url: string; reset?: boolean; sizes?: LargeSizes; log?: (line: string) => void }): Promise<SeedResult> {
  checkSizes(sizes);
  const start = performance.now();
  const timings: SeedTiming[] = [];
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    timings.push({ label, ms: ms(t0) });
    log(`  ${label.padEnd(22)} ${String(ms(t0)).padStart(6)} ms`);
    return out;
  };
  // One connection: setseed() and the temp tables and functions belong to the session.
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ exists } = { exists: false }] = await sql<{ exists: boolean }[]>`select to_regclass('public.users') is not null as exists`;
    const users = exists ? Number((await sql<{ n: string }[]>`select count(*) as n from users`)[0]?.n ?? 0) : 0;
    if (users > 0 && !reset) throw new SeedRefused(`The database already has ${users} users. Pass --reset to drop and recreate its public schema.`);
    if (reset) {
      await timed("reset schema", () => sql.unsafe("drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;"));
    }
    await timed("migrate", () => migratePostgresUrl(url));
    const hash = await timed("hash password", () => hashPassword(BENCH_PASSWORD));
    // A superuser may skip the row-by-row foreign-key triggers (half the time of the check-ins);
    // the keys are then verified set-based after the load, so a bug still fails loudly.
    const [{ su } = { su: false }] = await sql<{ su: boolean }[]>`select rolsuper as su from pg_roles where rolname = current_user`;
    await sql.begin(async (tx) => {
      // generate_series over a temp table's values is estimated at millions of rows, which
      // makes PostgreSQL JIT-compile every statement (~150 ms each) for a few hundred rows.
      await tx.unsafe("set local synchronous_commit = off; set local jit = off");
      if (su) await tx.unsafe("set local session_replication_role = replica");
      await tx.unsafe("create temp table _p (journeys int, stages int, departments int, goals int, checkins int, disputes int, users int, signals int, hash text) on commit drop");
      await tx.unsafe("insert into _p values ($1, $2, $3, $4, $5, $6, $7, $8, $9)", [sizes.journeys, sizes.stages, sizes.departments, sizes.goals, sizes.checkins, sizes.disputes, sizes.users, sizes.signals, hash]);
      await tx.unsafe(`select setseed(${SEED})`);
      for (const step of STEPS) await timed(step.label, () => tx.unsafe(step.sql));
    });
    if (su) await timed("verify foreign keys", () => verifyForeignKeys(sql));
    // VACUUM too, not only ANALYZE: the load sets every goal's latest value after its check-ins,
    // leaving a dead version of each goal row (half the goals table's pages, which every
    // dashboard view scans). A running database's autovacuum clears those soon after; this
    // server's may be off, and the bench would measure a table no real company keeps.
    await timed("vacuum analyze", () => sql.unsafe("vacuum analyze"));
    const counts = await countRows(sql);
    return { timings, totalMs: ms(start), counts };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Every single-column foreign key in the public schema, checked with one anti-join each. */
async function verifyForeignKeys(sql: postgres.Sql): Promise<void> {
  const fks = await sql<{ child: string; col: string; parent: string; pcol: string; name: string }[]>`
    select c.conrelid::regclass::text as child, a.attname as col, c.confrelid::regclass::text as parent, af.attname as pcol, c.conname as name
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace and array_length(c.conkey, 1) = 1`;
  const id = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const checks = fks.map(
    (f) => `select '${f.name.replace(/'/g, "''")}' as name, count(*) as bad from ${f.child} x
      where x.${id(f.col)} is not null and not exists (select 1 from ${f.parent} p where p.${id(f.pcol)} = x.${id(f.col)})`,
  );
  if (!checks.length) return;
  const broken = (await sql.unsafe(checks.join(" union all "))).filter((r) => Number(r.bad) > 0);
  if (broken.length) throw new Error(`Generated rows break foreign keys: ${broken.map((r) => `${r.name} (${r.bad})`).join(", ")}`);
}

async function countRows(sql: postgres.Sql): Promise<Record<string, number>> {
  const [row] = await sql.unsafe(`
    select
      (select count(*) from departments) as departments,
      (select count(*) from users) as users,
      (select count(*) from users where not active) as "users inactive",
      (select count(*) from journeys) as journeys,
      (select count(*) from stages) as stages,
      (select count(*) from ownership_assignments where raci = 'accountable' and valid_to is null) as "stages owned",
      (select count(*) from ownership_assignments a join users u on u.id = a.person_id
        where a.raci = 'accountable' and a.valid_to is null and not u.active) as "stages orphaned",
      (select count(*) from ownership_assignments) as "ownership rows",
      (select count(*) from ownership_assignments where valid_to is not null) as "ownership history rows",
      (select count(*) from handoffs) as handoffs,
      (select count(*) from handoffs where status = 'pending') as "handoffs pending",
      (select count(*) from strategic_objectives) as objectives,
      (select count(*) from goals) as goals,
      (select count(*) from goals g where g.status = 'active' and not exists (select 1 from check_ins c where c.goal_id = g.id)) as "active goals without check-ins",
      (select count(*) from goals where status = 'active' and due_date < current_date) as "active goals overdue",
      (select count(*) from check_ins) as "check-ins",
      (select count(*) from disputes) as disputes,
      (select count(*) from disputes where status in ('open', 'under_review') and due_by < now()) as "disputes overdue",
      (select count(*) from dispute_parties) as "dispute parties",
      (select count(*) from dispute_comments) as "dispute comments",
      (select count(*) from decisions) as decisions,
      (select count(*) from notifications) as notifications,
      (select count(*) from customer_signals) as signals,
      (select coalesce(sum(signals), 0) from signal_daily) as "signals in daily aggregates",
      (select count(*) from follow_ups) as "follow-ups",
      (select count(*) from follow_ups where status <> 'closed') as "follow-ups open"`);
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}

function parseCli(argv: string[]): { reset: boolean; sizes: LargeSizes } {
  const options = Object.fromEntries(Object.keys(DEFAULT_SIZES).map((k) => [k, { type: "string" as const }]));
  const { values } = parseArgs({ args: argv, options: { ...options, reset: { type: "boolean" } }, strict: true, allowPositionals: false });
  const given = values as Record<string, string | boolean | undefined>;
  const sizes = { ...DEFAULT_SIZES };
  for (const k of Object.keys(DEFAULT_SIZES) as (keyof LargeSizes)[]) {
    const v = given[k];
    if (typeof v === "string") sizes[k] = Number(v);
  }
  return { reset: given.reset === true, sizes };
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error("Set DATABASE_URL to the PostgreSQL database to fill, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/throughline_large");
    process.exit(2);
  }
  let cli: ReturnType<typeof parseCli>;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  }
  console.log(`Seeding the large company into ${url.replace(/\/\/[^@/]*@/, "//…@")} (${Object.entries(cli.sizes).map(([k, v]) => `${k} ${v}`).join(", ")})`);
  try {
    const { totalMs, counts } = await seedLarge({ url, ...cli });
    console.log("\nRows:");
    for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(32)} ${v.toLocaleString("en-US").padStart(9)}`);
    console.log(`\nDone in ${(totalMs / 1000).toFixed(1)} s. Sign in with password "${BENCH_PASSWORD}" as:`);
    for (const [role, email] of Object.entries(BENCH_LOGINS)) console.log(`  ${role.padEnd(10)} ${email}`);
  } catch (e) {
    console.error(e instanceof SeedRefused ? e.message : e);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
