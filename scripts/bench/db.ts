import postgres from "postgres";
import { DEFAULT_SIZES, seedLarge, type LargeSizes, type SeedResult } from "@/db/seed/large";

export type BenchTargets = {
  ccoId: string;
  journeyId: string;
  journeyName: string;
  stageId: string;
  stageName: string;
  stageGoals: number;
  stageHistoryRows: number;
};

const quiet = { max: 1, onnotice: () => {} } as const;

/** The database name of a PostgreSQL URL, refusing anything that needs quoting. */
function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`BENCH_DATABASE_URL must name a plain database (lowercase letters, digits, _), not "${name}".`);
  return name;
}

function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}

/**
 * Creates the bench database fresh (dropping an earlier one) and seeds the large company, or
 * with `reuse` keeps one that already has users. Only a database whose name contains "bench"
 * is ever dropped, so a mistyped URL cannot wipe real data.
 */
export async function prepareBenchDatabase(url: string, reuse: boolean, log: (line: string) => void, sizes: LargeSizes = DEFAULT_SIZES): Promise<SeedResult | null> {
  const name = databaseName(url);
  const admin = postgres(maintenanceUrl(url), quiet);
  let exists: boolean;
  try {
    exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
    if (exists && !reuse) {
      if (!name.includes("bench")) throw new Error(`Refusing to drop "${name}": only a database whose name contains "bench" is recreated. Use --reuse.`);
      log(`Dropping database ${name}`);
      await admin.unsafe(`drop database ${name} with (force)`);
      exists = false;
    }
    if (!exists) {
      log(`Creating database ${name}`);
      await admin.unsafe(`create database ${name}`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  if (reuse && (await userCount(url)) > 0) {
    log(`Reusing ${name} as it is (--reuse).`);
    return null;
  }
  log(sizes === DEFAULT_SIZES ? "Seeding the large company (default sizes)…" : `Seeding ${JSON.stringify(sizes)}…`);
  return seedLarge({ url, log, sizes });
}

async function userCount(url: string): Promise<number> {
  const sql = postgres(url, quiet);
  try {
    const [row] = await sql<{ n: string | null }[]>`select case when to_regclass('public.users') is null then 0 else (select count(*) from users) end as n`;
    return Number(row?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * What to load: the CCO, the active journey with 10 live stages that carries the most open
 * goals, and its owned stage with the most goals and history (the heaviest stage page).
 */
export async function pickTargets(url: string, ccoEmail: string): Promise<BenchTargets> {
  const sql = postgres(url, quiet);
  try {
    const [cco] = await sql<{ id: string }[]>`select id from users where lower(email) = ${ccoEmail} and active`;
    if (!cco) throw new Error(`No active ${ccoEmail} in the bench database: was it seeded by db/seed/large.ts?`);
    const [journey] = await sql<{ id: string; name: string }[]>`
      select j.id, j.name from journeys j
      join stages s on s.journey_id = j.id and not s.archived
      left join goals g on g.stage_id = s.id and g.status in ('draft', 'active')
      where j.status = 'active'
      group by j.id
      having count(distinct s.id) = 10
      order by count(g.id) desc, j.id
      limit 1`;
    if (!journey) throw new Error("No active journey with 10 live stages in the bench database.");
    const [stage] = await sql<{ id: string; name: string; goals: string; history: string }[]>`
      select s.id, s.name,
        (select count(*) from goals g where g.stage_id = s.id) as goals,
        (select count(*) from ownership_assignments a where a.stage_id = s.id) as history
      from stages s
      where s.journey_id = ${journey.id} and not s.archived
        and exists (select 1 from ownership_assignments a where a.stage_id = s.id and a.raci = 'accountable' and a.valid_to is null)
      order by 3 desc, 4 desc, s.id
      limit 1`;
    if (!stage) throw new Error(`Journey ${journey.name} has no owned stage.`);
    return {
      ccoId: cco.id,
      journeyId: journey.id,
      journeyName: journey.name,
      stageId: stage.id,
      stageName: stage.name,
      stageGoals: Number(stage.goals),
      stageHistoryRows: Number(stage.history),
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function postgresVersion(url: string): Promise<string> {
  const sql = postgres(maintenanceUrl(url), quiet);
  try {
    const [row] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
    return row?.v ?? "?";
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The large company's sizes times `factor` (stages stay 10 per journey: there are `factor` times as many journeys). */
export function scaledSizes(factor: number): LargeSizes {
  const s = { ...DEFAULT_SIZES };
  for (const k of Object.keys(s) as (keyof LargeSizes)[]) if (k !== "stages") s[k] = s[k] * factor;
  return s;
}

/** The same server and credentials, database `<name>_<factor>x`. */
export function scaledUrl(url: string, factor: number): string {
  const u = new URL(url);
  u.pathname = `/${databaseName(url)}_${factor}x`;
  return u.toString();
}
