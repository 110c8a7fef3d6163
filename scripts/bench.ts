// A benchmark, not a test: how fast three signed-in pages answer on a large company.
//
//   npm run bench [-- --reuse] [--skip-build] [--skip-lighthouse] [--lighthouse-runs 3] [--seconds 10] [--connections 10] [--runs 50] [--scale 3] [--crawl 3000] [--only writes]
//
// --only writes: steps 1-2, then only the writes of 3 and 4 (no page loads, other pages,
// exports, crawl, floor or growth), e.g. to compare write throughput before and after a change.
//
// 1. (Re)creates the PostgreSQL database throughline_bench on the server in BENCH_DATABASE_URL
//    (default postgres://postgres@127.0.0.1:5432/throughline_bench) and seeds the large company;
//    --reuse keeps an already seeded one.
// 2. Builds the app into .next-bench (unless --skip-build) and starts `next start` on port 3200
//    (BENCH_PORT to change it).
// 3. Signs in as the CCO over HTTP and loads /dashboard, a journey board and a stage page with
//    autocannon; measures the gzipped JavaScript each page ships (without `noModule` chunks)
//    against the framework's own (the build manifest's rootMainFiles) + 25 KB; runs Lighthouse
//    (mobile) on each page, signed in (unless --skip-lighthouse; a failure is recorded, never
//    fatal); downloads goals.csv and the
//    250,000-row check-ins export, sampling the server's peak resident memory meanwhile.
//    The baseline page /whoami (same guard and layout, one line) is loaded beside them. Then
//    writes over HTTP: check-ins and claims (server action POSTs) from 10 concurrent callers, and
//    the check-in's POST refused at validation (what an action costs before its command), and
//    the REST API's check-in POST without a token (a route handler's 401: any write's HTTP floor).
//    Then customer signals in bulk: a generated 100,000-row CSV imported as the wizard does it
//    (chunk actions, then the confirm), and 20 POST /api/v1/signals batches of 1,000.
// 4. Stops the server and starts a fresh one for the crawl: --crawl N (default 3,000) distinct
//    addresses, every page with one odd query parameter, 8 at a time, each on its own
//    connection; then a heap snapshot of the server counts the finished requests it still holds.
//    Then times "the floor": the same lib/ query functions in-process, with
//    EXPLAIN (ANALYZE, BUFFERS) of the heaviest queries; and the same write commands in-process.
//    With --scale N, seeds throughline_bench_Nx with N times the company and times the
//    dashboard one request at a time there (same build, a second server start).
// 5. Prints a markdown report and writes it to bench-results/latest.md, and the figures as JSON
//    to bench-results/latest.json.
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { BENCH_LOGINS, BENCH_PASSWORD } from "@/db/seed/large";
import { pickTargets, postgresVersion, prepareBenchDatabase, scaledSizes, scaledUrl } from "./bench/db";
import { measureFloor } from "./bench/floor";
import { measureCrawl } from "./bench/crawl";
import { measureExport } from "./bench/exports";
import { frameworkJs, oneAtATime, shippedJs, signIn } from "./bench/http";
import { medianRun, runLighthouse, type LighthouseFigures } from "./bench/lighthouse";
import { runLoad } from "./bench/load";
import { PAGE_NAMES, renderJson, renderReport, type BenchReport, type GrowthFigures, type PageFigures } from "./bench/report";
import { BASE_URL, DIST_DIR, PORT, buildApp, rssMbOfTree, startServer, type Server } from "./bench/server";
import { measureSignalIntake, prepareIntake } from "./bench/intake";
import { measureHttpWrites, measureInProcessWrites, prepareWrites, type WritePlan } from "./bench/writes";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/throughline_bench";
// Fixed so a rebuilt or restarted server accepts the same cookies; never used outside the bench.
const AUTH_SECRET = "throughline-bench-auth-secret-do-not-use-in-prod";
const RESULTS_DIR = "bench-results";
// Claims per side (over HTTP, in-process): each needs an unowned stage of its own.
const CLAIMS = 100;
// The signal intake: one CSV import of this many rows, then API batches of 1,000.
const INTAKE_ROWS = 100_000;
const INTAKE_BATCHES = 20;

const log = (line: string) => console.log(line);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function parseCli() {
  const { values } = parseArgs({
    options: {
      reuse: { type: "boolean" },
      "skip-build": { type: "boolean" },
      "skip-lighthouse": { type: "boolean" },
      "lighthouse-runs": { type: "string" },
      seconds: { type: "string" },
      connections: { type: "string" },
      runs: { type: "string" },
      scale: { type: "string" },
      only: { type: "string" },
      crawl: { type: "string" },
    },
    strict: true,
  });
  const int = (v: string | undefined, dflt: number, max: number, name: string) => {
    const n = v === undefined ? dflt : Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}.`);
    return n;
  };
  if (values.only !== undefined && values.only !== "writes") throw new Error('--only takes "writes" (the only part the bench runs on its own).');
  return {
    onlyWrites: values.only === "writes",
    reuse: values.reuse === true,
    skipBuild: values["skip-build"] === true,
    skipLighthouse: values["skip-lighthouse"] === true,
    lighthouseRuns: int(values["lighthouse-runs"], 3, 9, "lighthouse-runs"),
    seconds: int(values.seconds, 10, 120, "seconds"),
    connections: int(values.connections, 10, 100, "connections"),
    runs: int(values.runs, 50, 1000, "runs"),
    scale: int(values.scale, 1, 10, "scale"),
    crawl: int(values.crawl, 3000, 100_000, "crawl"),
  };
}

async function main(): Promise<number> {
  const cli = parseCli();
  const url = process.env.BENCH_DATABASE_URL || DEFAULT_URL;
  const report: BenchReport = {
    startedAt: new Date(),
    finishedAt: new Date(),
    loadAverage: os.loadavg(),
    postgres: "?",
    database: decodeURIComponent(new URL(url).pathname.slice(1)),
    seed: null,
    buildMs: null,
    seconds: cli.seconds,
    connections: cli.connections,
    floorRuns: cli.runs,
    targets: null,
    pages: [],
    frameworkJs: null,
    lighthouseSkipped: cli.skipLighthouse,
    writes: [],
    intake: null,
    growth: null,
    exports: [],
    floor: null,
    rssMb: null,
    otherPages: [],
    crawl: null,
    notes: [],
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  let failed = false;
  try {
    report.postgres = await postgresVersion(url);
    report.seed = await prepareBenchDatabase(url, cli.reuse, log);
    const targets = await pickTargets(url, BENCH_LOGINS.cco);
    report.targets = targets;
    report.pages = cli.onlyWrites ? [] : [
      { page: "/dashboard", path: "/dashboard" },
      { page: "/journeys/[id]", path: `/journeys/${targets.journeyId}` },
      { page: "/journeys/[id]/stages/[stageId]", path: `/journeys/${targets.journeyId}/stages/${targets.stageId}` },
      // The baseline: the same guard and layout, one line of content (app/(app)/whoami).
      { page: "/whoami", path: "/whoami" },
    ];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      THROUGHLINE_MODE: "production",
      STALE_SWEEP_MINUTES: "0",
      AUTH_SECRET,
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    if (cli.skipBuild) {
      if (!fs.existsSync(`${DIST_DIR}/BUILD_ID`)) throw new Error(`--skip-build needs an earlier build in ${DIST_DIR}; run once without it.`);
    } else {
      log(`Building into ${DIST_DIR} (log: ${RESULTS_DIR}/build.log)…`);
      report.buildMs = await buildApp(env, `${RESULTS_DIR}/build.log`);
      log(`  built in ${(report.buildMs / 1000).toFixed(0)} s`);
    }
    let plan: WritePlan | null = null;
    // After the page loads, so the pages are measured on the seeded company as it was.
    const writes = async (ccoCookie: string) => {
      log(`Preparing the writes: ${CLAIMS * 2} unowned stages in a draft journey…`);
      plan = await prepareWrites(url, BENCH_LOGINS.cco, BENCH_LOGINS.head, CLAIMS);
      const headCookie = await signIn(BENCH_LOGINS.head, BENCH_PASSWORD);
      log(`Writing over HTTP: check-ins for ${cli.seconds} s, then ${CLAIMS} claims, ${10} callers…`);
      report.writes = await measureHttpWrites(plan, ccoCookie, headCookie, cli.seconds);
      for (const w of report.writes) log(`  ${w.name}: ${w.httpRps10 ?? "–"} /s (${w.httpCalls} calls, ${w.httpFailures} failed)${w.refusedRps10 != null ? `; refused at validation ${w.refusedRps10} /s` : ""}${w.bareRouteRps10 != null ? `; a route handler's 401 ${w.bareRouteRps10} /s` : ""}${w.error ? ` ${w.error}` : ""}`);
      log(`Customer signals in bulk: a ${INTAKE_ROWS.toLocaleString("en")}-row CSV import, then ${INTAKE_BATCHES} API batches of 1,000…`);
      const intake = await prepareIntake(url, plan.ccoId);
      report.intake = await measureSignalIntake({ baseUrl: BASE_URL, distDir: DIST_DIR, cookie: ccoCookie, bearer: intake.bearer, stageIds: intake.stageIds, rows: INTAKE_ROWS, batches: INTAKE_BATCHES, log });
      const i = report.intake;
      log(`  import: ${i.importRowsPerSecond ?? "–"} rows/s; API: ${i.apiSignalsPerSecond ?? "–"} signals/s${i.error ? ` ${i.error}` : ""}`);
    };
    report.rssMb = await loadPages(env, report, cli, writes);
    failed = report.pages.some((p) => p.error || !p.load || p.load.non2xx + p.load.errors + p.load.timeouts > 0) || report.exports.some((x) => x.error) || report.otherPages.some((a) => a.status !== 200);
    if (!cli.onlyWrites) {
      const crawled = [...report.pages.map((p) => p.path), ...OTHER_PAGES.map((path) => path.split("?")[0]!)];
      report.crawl = await measureCrawl(env, [...new Set(crawled)], cli.crawl, log);
      failed ||= Boolean(report.crawl.error);
      log(`Timing the floor (${cli.runs} runs per page)…`);
      report.floor = await measureFloor(url, targets, cli.runs);
    }
    if (plan) {
      log("Writing in-process: the same commands, 10 concurrent callers…");
      await measureInProcessWrites(url, plan, cli.seconds, report.writes);
      for (const w of report.writes) log(`  ${w.name}: ${w.inProcessRps10 ?? "–"} /s (${w.inProcessCalls} calls, ${w.inProcessFailures} failed)`);
    }
    failed ||= report.writes.some((w) => w.error || w.httpFailures + w.inProcessFailures > 0) || Boolean(report.intake?.error);
    if (cli.scale > 1 && !cli.onlyWrites) {
      const dashboard = report.pages.find((p) => p.page === "/dashboard");
      report.growth = { scale: cli.scale, database: "", dashboardOneConnP50Ms1x: dashboard?.sequentialMs ?? null, dashboardOneConnP50MsScaled: null, baselineOneConnP50MsScaled: null, seed: null };
      await measureGrowth(url, env, cli, report.growth, report.notes);
    }
  } catch (e) {
    failed = true;
    report.notes.push(`The run stopped early: ${message(e)}`);
    console.error(e);
  }
  report.finishedAt = new Date();
  const md = renderReport(report);
  fs.writeFileSync(`${RESULTS_DIR}/latest.md`, md);
  fs.writeFileSync(`${RESULTS_DIR}/latest.json`, renderJson(report));
  console.log(`\n${md}`);
  console.log(`Written to ${RESULTS_DIR}/latest.md and latest.json`);
  return failed ? 1 : 0;
}

/**
 * The growth: a second database seeded `scale` times the large company (kept with --reuse),
 * served by the same build, and the dashboard's one-at-a-time p50 there.
 */
async function measureGrowth(url: string, env: NodeJS.ProcessEnv, cli: { reuse: boolean; scale: number }, growth: GrowthFigures, notes: string[]): Promise<void> {
  const scaled = scaledUrl(url, cli.scale);
  growth.database = decodeURIComponent(new URL(scaled).pathname.slice(1));
  growth.seed = await prepareBenchDatabase(scaled, cli.reuse, log, scaledSizes(cli.scale));
  let server: Server | null = null;
  try {
    log(`Starting next start on ${growth.database}…`);
    server = await startServer({ ...env, DATABASE_URL: scaled });
    const cookie = await signIn(BENCH_LOGINS.cco, BENCH_PASSWORD);
    // The dashboard in turn with the baseline (at 1× the four pages are in turn): the baseline
    // shows the machine's moment on this server.
    const one = await oneAtATime(["/dashboard", "/whoami"], cookie, ONE_AT_A_TIME);
    const dashboard = one.get("/dashboard")!;
    if (dashboard.error) throw new Error(`/dashboard on ${growth.database}: ${dashboard.error}`);
    growth.dashboardOneConnP50MsScaled = dashboard.p50Ms ?? null;
    const baseline = one.get("/whoami")!;
    growth.baselineOneConnP50MsScaled = baseline.p50Ms ?? null;
    if (baseline.error) notes.push(`/whoami on ${growth.database}: ${baseline.error}`);
    log(`  /dashboard one at a time: p50 ${growth.dashboardOneConnP50MsScaled} ms (1×: ${growth.dashboardOneConnP50Ms1x ?? "–"} ms); /whoami ${growth.baselineOneConnP50MsScaled ?? "–"} ms`);
  } finally {
    if (server) {
      await server.stop();
      log(`Server stopped (pid ${server.pid}).`);
    }
  }
}

// One request at a time (the "1 conn" figures): the pages in turn, after untimed rounds.
const ONE_AT_A_TIME = { warm: 6, rounds: 40 };

const EXPORTS = ["/api/export/goals.csv", "/api/export/check-ins.csv", "/api/export/decisions.csv", "/api/export/audit.csv"];
// The pages the load runs do not cover, each loaded once at full size: every list answers, and
// its last page too (a list that pages in SQL costs the same on page 1 and page 50).
const OTHER_PAGES = ["/journeys", "/goals", "/goals?perPage=100&page=50", "/goals/objectives", "/disputes", "/disputes?page=40", "/decisions", "/audit", "/audit?page=100", "/dashboard/report", "/account"];

/**
 * Starts the server, loads every page, downloads the exports, and stops the server whatever
 * happens. Returns the server's resident memory after the page load runs (MB, before the
 * downloads), or null if it could not be read.
 */
async function loadPages(
  env: NodeJS.ProcessEnv,
  report: BenchReport,
  cli: { seconds: number; connections: number; skipLighthouse: boolean; lighthouseRuns: number; onlyWrites: boolean },
  writes: (cookie: string) => Promise<void>,
): Promise<number | null> {
  const { pages, exports, otherPages } = report;
  let server: Server | null = null;
  try {
    log(`Starting next start on port ${PORT}…`);
    server = await startServer(env);
    log(`  up (pid ${server.pid}); signing in as ${BENCH_LOGINS.cco}`);
    const cookie = await signIn(BENCH_LOGINS.cco, BENCH_PASSWORD);
    log(`One request at a time: the ${pages.length} pages in turn, ${ONE_AT_A_TIME.warm} rounds untimed, then ${ONE_AT_A_TIME.rounds} timed…`);
    const sequential = await oneAtATime(pages.map((p) => p.path), cookie, ONE_AT_A_TIME);
    log(`  p50: ${pages.map((p) => `${p.page} ${sequential.get(p.path)!.p50Ms ?? "–"} ms`).join(", ")}`);
    for (const p of pages) {
      try {
        const one = sequential.get(p.path)!;
        if (one.error) throw new Error(one.error);
        p.sequentialMs = one.p50Ms;
        p.sequentialRuns = one.runs;
        p.js = await shippedJs(p.path, cookie);
        log(`Loading ${p.page} for ${cli.seconds} s with ${cli.connections} connections…`);
        p.load = await runLoad(p.path, cookie, cli);
        log(`  p50 ${p.load.p50} ms, p99 ${p.load.p99} ms, ${p.load.rps.toFixed(1)} req/s, non-2xx ${p.load.non2xx}`);
      } catch (e) {
        const tail = server.output().trim().split("\n").slice(-5).join(" ⏎ ");
        p.error = `${message(e)}${tail ? ` (server said: ${tail.slice(-600)})` : ""}`;
        log(`  ${p.page} failed: ${p.error}`);
      }
    }
    const rssMb = await rssMbOfTree(server.pid);
    try {
      report.frameworkJs = await frameworkJs(DIST_DIR);
      log(`Framework's own JavaScript (rootMainFiles): ${(report.frameworkJs.gzipBytes / 1024).toFixed(1)} KB gzipped; pages: ${pages.map((p) => `${p.page} ${p.js ? (p.js.gzipBytes / 1024).toFixed(1) : "–"} KB`).join(", ")}`);
    } catch (e) {
      report.notes.push(`The framework's own JavaScript could not be measured: ${message(e)}`);
    }
    if (!cli.skipLighthouse) await lighthousePages(pages, cookie, cli.lighthouseRuns);
    try {
      await writes(cookie);
    } catch (e) {
      log(`  the writes failed: ${message(e)}`);
      throw e;
    }
    for (const path of cli.onlyWrites ? [] : OTHER_PAGES) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${BASE_URL}${path}`, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(120_000) });
        const html = await res.text();
        otherPages.push({ path, status: res.status, ms: Math.round(performance.now() - t0), htmlBytes: Buffer.byteLength(html) });
      } catch (e) {
        otherPages.push({ path, status: 0, ms: Math.round(performance.now() - t0), htmlBytes: 0, error: message(e) });
      }
      const a = otherPages[otherPages.length - 1]!;
      log(`  ${path}: ${a.status} in ${a.ms} ms${a.error ? ` (${a.error})` : ""}`);
    }
    for (const path of cli.onlyWrites ? [] : EXPORTS) {
      log(`Downloading ${path}…`);
      const x = await measureExport(path, cookie, server.pid);
      exports.push(x);
      log(x.error ? `  failed: ${x.error}` : `  ${x.rows} rows, ${(x.bytes / 2 ** 20).toFixed(1)} MB in ${(x.ms / 1000).toFixed(1)} s; server RSS ${x.rssBeforeMb.toFixed(0)} → peak ${x.rssPeakMb.toFixed(0)} MB`);
    }
    return rssMb;
  } finally {
    if (server) {
      await server.stop();
      log(`Server stopped (pid ${server.pid}).`);
    }
  }
}

/**
 * Lighthouse (mobile) on each page, `runs` rounds of every page in turn (so a noisy minute on this
 * shared machine falls on every page alike, not on one). Each page keeps its median run by total
 * blocking time, the figure that moves most between runs, with every run's TBT beside it.
 * A failed run is recorded and the others still count.
 */
async function lighthousePages(pages: PageFigures[], cookie: string, runs: number): Promise<void> {
  const results = new Map<PageFigures, LighthouseFigures[]>();
  for (let run = 1; run <= runs; run++) {
    for (const p of pages) {
      if (p.error) continue;
      log(`Lighthouse (mobile) on ${p.page}, run ${run} of ${runs}…`);
      const name = PAGE_NAMES[p.page] ?? p.page.replace(/\W+/g, "-");
      const l = await runLighthouse(p.path, cookie, `${RESULTS_DIR}/lighthouse-${name}${runs > 1 ? `-${run}` : ""}.json`);
      results.set(p, [...(results.get(p) ?? []), l]);
      log(l.error ? `  failed after ${(l.ms / 1000).toFixed(0)} s: ${l.error}` : `  performance ${l.performance}, TBT ${l.tbtMs} ms, LCP ${l.lcpMs} ms (${(l.ms / 1000).toFixed(0)} s)`);
    }
  }
  for (const [p, all] of results) p.lighthouse = medianRun(all);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
