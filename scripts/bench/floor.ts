import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { BenchTargets } from "./db";

// "The floor": how long PostgreSQL alone takes for a page's reads. The same lib/ functions the
// page calls run in this process against the same database, with no HTTP, React or session
// decoding around them; the page can be no faster than this.

export type FloorResult = { page: string; runs: number; p50: number; p99: number; queries: number };
export type ExplainResult = { page: string; sql: string; executionMs: number; planningMs: number; plan: string };
/** One read of a page, from EXPLAIN (ANALYZE, FORMAT JSON); jitMs is the part spent JIT-compiling. */
export type ReadTiming = { page: string; firstLine: string; executionMs: number; planningMs: number; jitMs: number; rows: number };
export type FloorReport = { floors: FloorResult[]; explains: ExplainResult[]; reads: ReadTiming[]; notes: string[] };

type Captured = { query: string; params: unknown[] };
type PageFn = () => Promise<unknown>;

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
const round1 = (n: number) => Math.round(n * 10) / 10;

async function dashboardFn(notes: string[]): Promise<PageFn | null> {
  const file = path.resolve("lib/dashboard/queries.ts");
  if (!fs.existsSync(file)) {
    notes.push("lib/dashboard/queries.ts does not exist yet: the dashboard floor was not measured.");
    return null;
  }
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const get = mod.getDashboard;
  if (typeof get !== "function") {
    notes.push(`lib/dashboard/queries.ts exports no getDashboard (exports: ${Object.keys(mod).join(", ")}): the dashboard floor was not measured.`);
    return null;
  }
  // The page parses its search params with the module's filter schema; no filter = everything.
  const schema = mod.dashboardFilterSchema as { parse?: (v: unknown) => unknown } | undefined;
  const filter = typeof schema?.parse === "function" ? schema.parse({}) : {};
  return () => (get as (f: unknown) => Promise<unknown>)(filter);
}

export async function measureFloor(url: string, targets: BenchTargets, runs: number): Promise<FloorReport> {
  // lib/env reads process.env when first imported, so the lib modules are imported only now.
  process.env.DATABASE_URL = url;
  process.env.THROUGHLINE_MODE = "production";
  process.env.STALE_SWEEP_MINUTES = "0";
  const notes: string[] = [];
  let capturing: Captured[] | null = null;
  // The app's own connection settings (db/client.ts openPostgres): no JIT, each execution planned
  // for its values, queries with parameters prepared. The floor is what the app's reads cost.
  const pg = postgres(url, {
    max: 10,
    onnotice: () => {},
    connection: { jit: "off", plan_cache_mode: "force_custom_plan" },
    debug: (_conn, query, params) => {
      capturing?.push({ query, params });
    },
  });
  try {
    const schema = await import("@/db/schema");
    const { preparingQueries, useDatabase } = await import("@/db/client");
    useDatabase({ db: drizzle({ client: preparingQueries(pg), schema }) as never, kind: "postgres", close: () => pg.end({ timeout: 5 }) });
    const { loadActor } = await import("@/lib/auth/current-user");
    const { getJourneyBoard, getStageDetail, listAssignablePeople } = await import("@/lib/journeys/queries");
    const { goalSummaryByStage, listGoals } = await import("@/lib/goals/queries");
    const { measuredEmotionByStage } = await import("@/lib/journeys/canvas");
    const { getTimeZone } = await import("@/lib/settings");
    const { stageSignalSummary } = await import("@/lib/signals/queries");
    const { ccoId, journeyId, stageId } = targets;

    // Each mirrors its page: the layout's and guard's user reload, then the page's own reads.
    const dashboard = await dashboardFn(notes);
    const pages: { page: string; fn: PageFn | null }[] = [
      {
        page: "/dashboard",
        fn: dashboard && (async () => {
          await loadActor(ccoId);
          await dashboard();
        }),
      },
      {
        // As the page does it: the board beside the time zone, the live stages' goal summaries
        // and the customers' measured emotion, all read by journey at once.
        page: "/journeys/[id]",
        fn: async () => {
          await loadActor(ccoId);
          await Promise.all([
            getJourneyBoard({ journeyId }),
            goalSummaryByStage({ liveStagesOf: journeyId }),
            getTimeZone().then((timeZone) => measuredEmotionByStage({ liveStagesOf: journeyId }, timeZone)),
          ]);
        },
      },
      {
        // As the page does it, with its default (all-time) signals and the CCO's assignment form,
        // which starts from the accountable department's people.
        page: "/journeys/[id]/stages/[stageId]",
        fn: async () => {
          const actor = (await loadActor(ccoId))!;
          await Promise.all([
            getStageDetail({ stageId, journeyId }),
            listAssignablePeople({ actor, accountableOf: stageId }),
            listGoals({ stageIds: [stageId], status: "all" }),
            getTimeZone().then(() => stageSignalSummary({ stageId, since: null })),
          ]);
        },
      },
      // The baseline page reads nothing but the guard's and layout's user.
      { page: "/whoami", fn: () => loadActor(ccoId) },
    ];

    const floors: FloorResult[] = [];
    const captured = new Map<string, Captured[]>();
    for (const { page, fn } of pages) {
      if (!fn) continue;
      for (let i = 0; i < 3; i++) await fn();
      capturing = [];
      await fn();
      captured.set(page, capturing);
      capturing = null;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await fn();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      floors.push({ page, runs, p50: round1(percentile(times, 0.5)), p99: round1(percentile(times, 0.99)), queries: captured.get(page)!.length });
    }
    return { floors, ...(await explainReads(pg, captured, 2)), notes };
  } finally {
    await pg.end({ timeout: 5 });
  }
}

type JsonPlan = { Plan: { "Actual Rows": number }; "Execution Time": number; "Planning Time": number; JIT?: { Timing?: { Total?: number } } };

/** EXPLAIN (ANALYZE, BUFFERS) of every read a page made, slowest first; the `top` slowest get their full plan. */
async function explainReads(pg: postgres.Sql, captured: Map<string, Captured[]>, top: number): Promise<{ explains: ExplainResult[]; reads: ReadTiming[] }> {
  const ranked: { page: string; c: Captured; executionMs: number; planningMs: number; jitMs: number; rows: number }[] = [];
  for (const [page, list] of captured) {
    const seen = new Set<string>();
    for (const c of list) {
      if (!/^\s*(select|with)\b/i.test(c.query) || seen.has(c.query)) continue;
      seen.add(c.query);
      const [row] = await pg.unsafe(`explain (analyze, buffers, format json) ${c.query}`, c.params as never[]);
      const plan = (row?.["QUERY PLAN"] as JsonPlan[] | undefined)?.[0];
      if (plan) {
        const jitMs = plan.JIT?.Timing?.Total ?? 0;
        ranked.push({ page, c, executionMs: plan["Execution Time"], planningMs: plan["Planning Time"], jitMs, rows: plan.Plan["Actual Rows"] });
      }
    }
  }
  ranked.sort((a, b) => b.executionMs - a.executionMs);
  const out: ExplainResult[] = [];
  for (const r of ranked.slice(0, top)) {
    const rows = await pg.unsafe(`explain (analyze, buffers) ${r.c.query}`, r.c.params as never[]);
    const plan = rows.map((x) => String(x["QUERY PLAN"])).join("\n");
    out.push({ page: r.page, sql: r.c.query, executionMs: round1(r.executionMs), planningMs: round1(r.planningMs), plan });
  }
  const reads = ranked.map((r) => ({
    page: r.page,
    firstLine: r.c.query.replace(/\s+/g, " ").trim().slice(0, 90),
    executionMs: round1(r.executionMs),
    planningMs: round1(r.planningMs),
    jitMs: round1(r.jitMs),
    rows: r.rows,
  }));
  return { explains: out, reads };
}
