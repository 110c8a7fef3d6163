import os from "node:os";
import type { SeedResult } from "@/db/seed/large";
import type { BenchTargets } from "./db";
import type { CrawlFigures } from "./crawl";
import type { ExportFigures } from "./exports";
import type { FloorReport } from "./floor";
import type { FrameworkJs, ShippedJs } from "./http";
import type { LighthouseFigures } from "./lighthouse";
import type { LoadResult } from "./load";
import type { IntakeFigures } from "./intake";
import type { WriteFigures } from "./writes";

export type PageFigures = { page: string; path: string; sequentialMs?: number; sequentialRuns?: number; load?: LoadResult; js?: ShippedJs; lighthouse?: LighthouseFigures; error?: string };

/** Issue 12's budget: every page loads at most the framework's own JavaScript plus this (gzipped). */
export const APP_JS_BUDGET_BYTES = 25 * 1024;

/** The dashboard one request at a time on the seeded company and on one `scale` times larger. */
export type GrowthFigures = { scale: number; database: string; dashboardOneConnP50Ms1x: number | null; dashboardOneConnP50MsScaled: number | null; baselineOneConnP50MsScaled: number | null; seed: SeedResult | null };

export type PageAnswer = { path: string; status: number; ms: number; htmlBytes: number; error?: string };

export type BenchReport = {
  startedAt: Date;
  finishedAt: Date;
  loadAverage: number[];
  postgres: string;
  database: string;
  seed: SeedResult | null;
  buildMs: number | null;
  seconds: number;
  connections: number;
  floorRuns: number;
  targets: BenchTargets | null;
  pages: PageFigures[];
  /** The framework's own JavaScript (build manifest's rootMainFiles), gzipped; null if not measured. */
  frameworkJs: FrameworkJs | null;
  /** Lighthouse was left out (--skip-lighthouse). */
  lighthouseSkipped: boolean;
  writes: WriteFigures[];
  /** Customer signals in bulk: the CSV import (rows/s) and API batches of 1,000 (signals/s). */
  intake?: IntakeFigures | null;
  growth: GrowthFigures | null;
  exports: ExportFigures[];
  /** Every other page, loaded once at full size: that it answers, and how big and slow it is. */
  otherPages: PageAnswer[];
  floor: FloorReport | null;
  /** Resident memory of the server's process tree after the load runs, in MB. */
  rssMb: number | null;
  /** A fresh server crawled with many distinct addresses, and what it holds afterwards. */
  crawl: CrawlFigures | null;
  notes: string[];
};

const kb = (n: number) => (n / 1024).toFixed(1);
const srcPath = (src: string) => src.split("?")[0]!;

/** The gzipped bytes of a page's scripts that are not the framework's own: the app's code. */
export function appJsBytes(js: ShippedJs, framework: FrameworkJs | null): number | null {
  if (!framework) return null;
  const fw = new Set(framework.chunks.map(srcPath));
  return Object.entries(js.files).reduce((sum, [src, n]) => (fw.has(srcPath(src)) ? sum : sum + n), 0);
}
const fix = (n: number | undefined, d = 1) => (n === undefined || Number.isNaN(n) ? "–" : n.toFixed(d));

export function machineLine(pg: string): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? "unknown CPU"} × ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}, PostgreSQL ${pg}`;
}

export function renderReport(r: BenchReport): string {
  const out: string[] = [];
  const la = r.loadAverage.map((n) => n.toFixed(2)).join(" / ");
  out.push(`# Throughline benchmark, ${r.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`, "");
  out.push(`- Machine: ${machineLine(r.postgres)}. Load average at start: ${la} (shared machine: other engineers' tests were running, so figures are noisy).`);
  if (r.seed) {
    const ci = r.seed.timings.find((t) => t.label === "check-ins")?.ms ?? 0;
    const c = r.seed.counts;
    out.push(
      `- Database \`${r.database}\`: seeded fresh in ${(r.seed.totalMs / 1000).toFixed(1)} s (check-ins ${(ci / 1000).toFixed(1)} s): ` +
        `${c.users} users, ${c.departments} departments, ${c.journeys} journeys, ${c.stages} stages (${c["stages owned"]} owned), ${c.goals} goals, ` +
        `${c["check-ins"]?.toLocaleString("en-US")} check-ins, ${c.disputes} disputes (${c.decisions} decided).`,
    );
  } else out.push(`- Database \`${r.database}\`: reused as it was (--reuse).`);
  out.push(`- Build: ${r.buildMs === null ? "skipped (--skip-build)" : `${(r.buildMs / 1000).toFixed(0)} s`} (\`next build\` into .next-bench; \`next start\` on 127.0.0.1:3200, THROUGHLINE_MODE=production).`);
  out.push(`- Load: autocannon, ${r.connections} connections, ${r.seconds} s per page, signed in as the CCO; the load generator runs on the same 2 cores as the server and PostgreSQL.`);
  out.push(`- Floor: the page's lib/ query functions run in-process against the same database, on connections set as the app's (no JIT, queries with parameters prepared), ${r.floorRuns} sequential runs after 3 warm-ups.`);
  if (r.targets) {
    const t = r.targets;
    out.push(`- Pages: journey "${t.journeyName}" (10 stages, the active one with most open goals); stage "${t.stageName}" (${t.stageGoals} goals, ${t.stageHistoryRows} ownership rows).`);
  }
  out.push("");
  out.push("| Page | p50 ms | p99 ms | req/s | requests | non-2xx | 1 conn p50 ms | floor p50 ms | floor p99 ms | queries | HTML (gzip) | HTML | DOM elements |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const p of r.pages) {
    const f = r.floor?.floors.find((x) => x.page === p.page);
    const l = p.load;
    out.push(
      `| \`${p.page}\` | ${fix(l?.p50, 0)} | ${fix(l?.p99, 0)} | ${fix(l?.rps)} | ${l?.requests ?? "–"} | ${l ? l.non2xx + l.errors + l.timeouts : "–"} | ` +
        `${fix(p.sequentialMs, 0)} | ${fix(f?.p50)} | ${fix(f?.p99)} | ${f?.queries ?? "–"} | ${p.js ? `${kb(p.js.htmlGzipBytes)} KB` : "–"} | ${p.js ? `${kb(p.js.htmlBytes)} KB` : "–"} | ${p.js?.domElements ?? "–"} |`,
    );
  }
  out.push("");
  out.push(
    "p50/p99/req/s: under load. non-2xx: autocannon's non-2xx answers plus errors and timeouts; it must be 0 (a redirect would mean the session cookie failed). " +
      `1 conn p50: one request at a time (no queueing), the ${r.pages.length} pages in turn, the median of ${r.pages.find((p) => p.sequentialRuns)?.sequentialRuns ?? "–"} rounds after untimed ones, before any load run. floor: the page's reads alone; queries: how many one page view makes.`,
  );
  out.push(...browserSection(r));
  if (r.writes.length) {
    out.push("", "## Writes (10 concurrent callers)", "", "| Write | over HTTP /s | in-process /s | HTTP ÷ in-process | refused at validation over HTTP /s | a route handler's 401 over HTTP /s | HTTP calls (failed) | in-process calls (failed) |", "|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const w of r.writes) {
      out.push(`| ${w.name === "checkin" ? "check-in (CCO, 10 goals)" : "claim (department head, unowned stages)"} | ${fix(w.httpRps10 ?? undefined)} | ${fix(w.inProcessRps10 ?? undefined)} | ${w.httpRps10 && w.inProcessRps10 ? `${Math.round((100 * w.httpRps10) / w.inProcessRps10)}%` : "–"} | ${fix(w.refusedRps10 ?? undefined)} | ${fix(w.bareRouteRps10 ?? undefined)} | ${w.httpCalls} (${w.httpFailures}) | ${w.inProcessCalls} (${w.inProcessFailures}) |`);
    }
    out.push(
      "",
      "Over HTTP: the server action's POST as React's client sends it, to the page holding the form (its answer is the result only; the browser then refreshes the page, decision record 12). In-process: the same lib/ command called directly. " +
        "Check-ins run for the load's seconds, each caller on its own goal; claims run until each side's 100 new unowned stages (a draft journey \"Bench claims …\") are claimed. " +
        "Refused at validation: the check-in's POST with a value that is not a number, for the load's seconds: the proxy, the session read and Next.js's action handling without the command, i.e. the most any action can reach over HTTP on this server. " +
        "A route handler's 401: the REST API's check-in POST without a token, answered before any read: the least any HTTP write costs this server, whichever way it comes in.",
    );
    const ceiling = r.writes.find((w) => w.name === "checkin" && w.bareRouteRps10 && w.inProcessRps10);
    if (ceiling) {
      // The server's HTTP floor and the command share the same two cores: their costs add up.
      const most = (ceiling.bareRouteRps10! * ceiling.inProcessRps10!) / (ceiling.bareRouteRps10! + ceiling.inProcessRps10!);
      out.push(
        "",
        `Estimate: if a write's HTTP floor and its command's cost simply add up (they share the same two cores), a check-in over HTTP reaches at most about ${fix(Math.round(most * 10) / 10)} /s (1 / (1 / ${fix(ceiling.bareRouteRps10!)} + 1 / ${fix(ceiling.inProcessRps10!)})), ${Math.round((100 * most) / ceiling.inProcessRps10!)}% of the in-process rate, whichever way it comes in; the server action measured ${fix(ceiling.httpRps10 ?? undefined)} /s.`,
      );
    }
    const errors = r.writes.filter((w) => w.error).map((w) => `- ${w.name}: ${w.error}`);
    if (errors.length) out.push("", ...errors);
  }
  if (r.intake) {
    const i = r.intake;
    out.push(
      "",
      "## Customer signals in bulk",
      "",
      "| Intake | figure |",
      "|---|---:|",
      `| CSV import of ${i.importRows.toLocaleString("en")} rows (chunks checked and staged, then one recording transaction) | ${fix(i.importRowsPerSecond ?? undefined)} rows/s (${fix(i.importSeconds ?? undefined)} s, ${i.importFollowUps ?? "–"} follow-ups) |`,
      `| REST API, ${i.apiBatches} batches of 1,000 (POST /api/v1/signals, one after another) | ${fix(i.apiSignalsPerSecond ?? undefined)} signals/s (${i.apiSignals.toLocaleString("en")} signals) |`,
    );
    if (i.error) out.push("", `- intake: ${i.error}`);
  }
  if (r.growth) {
    const g = r.growth;
    const ratio = g.dashboardOneConnP50Ms1x && g.dashboardOneConnP50MsScaled ? ` (× ${(g.dashboardOneConnP50MsScaled / g.dashboardOneConnP50Ms1x).toFixed(1)})` : "";
    out.push(
      "",
      `## Growth (--scale ${g.scale})`,
      "",
      `\`/dashboard\` one request at a time, p50: ${fix(g.dashboardOneConnP50Ms1x ?? undefined, 0)} ms on the large company, ${fix(g.dashboardOneConnP50MsScaled ?? undefined, 0)} ms on \`${g.database}\`, ${g.scale} times its size${ratio}; taken in turn with \`/whoami\`, which took ${fix(g.baselineOneConnP50MsScaled ?? undefined, 0)} ms there` +
        (g.seed ? ` (seeded in ${(g.seed.totalMs / 1000).toFixed(1)} s: ${g.seed.counts.users} users, ${g.seed.counts.goals} goals, ${g.seed.counts["check-ins"]?.toLocaleString("en-US")} check-ins).` : " (reused as it was)."),
    );
  }
  if (r.exports.length) {
    out.push("", "## Exports (streamed, keyset batches of 1,000)", "", "| Export | rows | MB | seconds | server RSS before MB | server RSS peak MB | growth MB |", "|---|---:|---:|---:|---:|---:|---:|");
    for (const x of r.exports) {
      out.push(
        `| \`${x.path}\` | ${x.rows.toLocaleString("en-US")} | ${(x.bytes / 2 ** 20).toFixed(1)} | ${(x.ms / 1000).toFixed(1)} | ${x.rssBeforeMb.toFixed(0)} | ${x.rssPeakMb.toFixed(0)} | ${(x.rssPeakMb - x.rssBeforeMb).toFixed(0)} |${x.error ? ` failed: ${x.error}` : ""}`,
      );
    }
    out.push("", "RSS: the server process and its children, sampled every 20 ms during the download; a server that built the file in memory would grow by about its size.");
  }
  if (r.otherPages.length) {
    out.push("", "## Every other page answers (loaded once, after the load runs)", "", "| Page | status | ms | HTML KB |", "|---|---:|---:|---:|");
    for (const a of r.otherPages) out.push(`| \`${a.path}\` | ${a.status} | ${a.ms} | ${(a.htmlBytes / 1024).toFixed(0)} |${a.error ? ` failed: ${a.error}` : ""}`);
  }
  if (r.crawl) {
    const c = r.crawl;
    const answers = Object.entries(c.statuses).sort().map(([status, n]) => `${n.toLocaleString("en-US")} × ${status === "0" ? "no answer" : status}`).join(", ");
    out.push(
      "",
      "## Crawl: what many distinct addresses leave in memory",
      "",
      `A fresh server (heap bound as served) sent ${c.addresses.toLocaleString("en-US")} distinct addresses, every page with one odd query parameter, 8 at a time, each on its own connection, in ${c.seconds} s (${answers || "no answers"}). ` +
        (c.error
          ? `Failed: ${c.error}.`
          : `Afterwards it ${c.alive ? "still answered" : "no longer answered"}; its heap snapshot (taken after a full collection) held **${c.requestsHeld ?? "–"} finished requests** (ServerResponse objects) in ${c.heapMb ?? "–"} MB of heap; RSS ${c.rssBeforeMb ?? "–"} MB before the crawl, ${c.rssAfterMb ?? "–"} MB after. Before decision record 24 such a crawl held hundreds and could end the process.`),
    );
  }
  if (r.rssMb !== null) out.push("", `Server memory after the load runs: ${r.rssMb} MB RSS (next start's process tree; heap bound ${process.env.THROUGHLINE_HEAP_MB ? `THROUGHLINE_HEAP_MB=${process.env.THROUGHLINE_HEAP_MB}` : "scripts/serve.sh's default"}).`);
  const reads = (r.floor?.reads ?? []).slice(0, 10);
  if (reads.length) {
    out.push("", "## Slowest reads (EXPLAIN ANALYZE, one run each)", "", "| Page | execution ms | of which JIT ms | planning ms | rows | query starts |", "|---|---:|---:|---:|---:|---|");
    for (const x of reads) out.push(`| \`${x.page}\` | ${x.executionMs} | ${x.jitMs || "–"} | ${x.planningMs} | ${x.rows} | \`${x.firstLine.replace(/\|/g, "\\|")}\` |`);
  }
  const explains = r.floor?.explains ?? [];
  if (explains.length) {
    out.push("", "## Heaviest queries (EXPLAIN ANALYZE, BUFFERS)", "");
    explains.forEach((e, i) => {
      out.push(`### ${i + 1}. From ${e.page}: execution ${e.executionMs} ms, planning ${e.planningMs} ms`, "");
      out.push("```sql", e.sql.length > 2500 ? `${e.sql.slice(0, 2500)} …` : e.sql, "```", "");
      const lines = e.plan.split("\n");
      // Long plans keep their head and their tail (the JIT and timing summary).
      const shown = lines.length > 80 ? [...lines.slice(0, 66), `… (${lines.length - 76} lines left out)`, ...lines.slice(-10)] : lines;
      out.push("```", ...shown, "```", "");
    });
  }
  const notes = [...r.notes, ...(r.floor?.notes ?? []), ...r.pages.filter((p) => p.error).map((p) => `${p.page}: ${p.error}`)];
  if (notes.length) out.push("", "## Notes", "", ...notes.map((n) => `- ${n}`));
  out.push("", `Finished ${r.finishedAt.toISOString().slice(0, 19).replace("T", " ")} UTC.`, "");
  return out.join("\n");
}

/** JavaScript against the budget, and Lighthouse's mobile figures, per page. */
function browserSection(r: BenchReport): string[] {
  const out: string[] = ["", "## In the browser: JavaScript and Lighthouse (mobile)", ""];
  const fw = r.frameworkJs;
  const budget = fw ? fw.gzipBytes + APP_JS_BUDGET_BYTES : null;
  out.push(
    fw
      ? `Framework's own JavaScript: ${kb(fw.gzipBytes)} KB gzipped (${fw.chunks.length} chunk${fw.chunks.length === 1 ? "" : "s"}: the build manifest's \`rootMainFiles\`, i.e. React, React DOM, Next's router and client runtime and Turbopack's chunk loader, which every app-router page loads before any of the app's code). Budget per page: that + 25 KB = ${kb(budget!)} KB.`
      : "Framework's own JavaScript: not measured.",
    "",
  );
  out.push("| Page | JS (gzip) | chunks | of which the app's | within budget | Lighthouse performance | TBT ms | FCP ms | LCP ms | Speed Index ms | CLS | script evaluation ms | style & layout ms | DOM (Lighthouse) |");
  out.push("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const p of r.pages) {
    const js = p.js;
    const app = js ? appJsBytes(js, fw) : null;
    const within = js && budget !== null ? (js.gzipBytes <= budget ? "yes" : `no (+${kb(js.gzipBytes - budget)} KB)`) : "–";
    const lh = p.lighthouse;
    out.push(
      `| \`${p.page}\` | ${js ? `${kb(js.gzipBytes)} KB` : "–"} | ${js ? `${js.chunks}${js.noModuleChunks ? ` (+${js.noModuleChunks} noModule, not counted)` : ""}` : "–"} | ${app === null ? "–" : `${kb(app)} KB`} | ${within} | ` +
        `${lh?.performance ?? "–"} | ${lh?.tbtMs ?? "–"}${lh?.runsTbtMs && lh.runsTbtMs.length > 1 ? ` (runs: ${lh.runsTbtMs.join(", ")})` : ""} | ${lh?.fcpMs ?? "–"} | ${lh?.lcpMs ?? "–"} | ${lh?.speedIndexMs ?? "–"} | ${lh?.cls ?? "–"} | ${lh?.mainThreadMs.scriptEvaluation ?? "–"} | ${lh?.mainThreadMs.styleLayout ?? "–"} | ${lh?.domElements ?? "–"} |`,
    );
  }
  out.push(
    "",
    "JS: every `<script src>` of the page's HTML, fetched and gzipped (level 9); `noModule` scripts (polyfills for browsers without ES modules) are listed but not counted: no supported browser loads them. " +
      (r.lighthouseSkipped
        ? "Lighthouse: skipped (--skip-lighthouse)."
        : "Lighthouse 12.2.3, performance category, its default mobile settings (simulated slow 4G, 4× CPU slowdown of this shared machine), headless Debian Chromium, signed in as the CCO through the session cookie (extraHeaders); after the load runs, `--lighthouse-runs` rounds (default 3) of every page in turn, each page showing its median run by TBT (every run's TBT in brackets); full reports in bench-results/lighthouse-<page>-<run>.json. " +
          "Main-thread figures are Lighthouse's (already slowed 4×)."),
  );
  const indexes = r.pages.filter((p) => typeof p.lighthouse?.benchmarkIndex === "number");
  if (indexes.length) {
    out.push(
      "",
      `Lighthouse's benchmark index of this host (its own CPU test, run with each page's median run; below 1,000 Lighthouse warns that the host is slower than it expects and the score suffers): ${indexes.map((p) => `${p.page} ${p.lighthouse!.benchmarkIndex}`).join(", ")}.`,
    );
  }
  const errors = r.pages.filter((p) => p.lighthouse?.error).map((p) => `- Lighthouse on ${p.page}: ${p.lighthouse!.error}`);
  if (errors.length) out.push("", ...errors);
  return out;
}

export const PAGE_NAMES: Record<string, string> = { "/dashboard": "dashboard", "/journeys/[id]": "board", "/journeys/[id]/stages/[stageId]": "stage", "/whoami": "baseline" };
const round = (n: number | undefined, d = 1) => (n === undefined || Number.isNaN(n) ? null : Number(n.toFixed(d)));

/**
 * The machine-readable figures (bench-results/latest.json): the fields issue 12 names that this
 * bench measures; under-load figures are only `rps20`/`p99Ms20` when the run used 20 connections.
 */
export function renderJson(r: BenchReport): string {
  const at20 = r.connections === 20;
  const pages = r.pages.map((p) => {
    const f = r.floor?.floors.find((x) => x.page === p.page);
    return {
      name: PAGE_NAMES[p.page] ?? p.page,
      path: p.page,
      oneConnP50Ms: p.sequentialMs ?? null,
      floorP50Ms: round(f?.p50),
      rps20: at20 ? round(p.load?.rps) : null,
      p99Ms20: at20 ? (p.load?.p99 ?? null) : null,
      domElements: p.js?.domElements ?? null,
      htmlBytes: p.js?.htmlBytes ?? null,
      htmlGzipBytes: p.js?.htmlGzipBytes ?? null,
      jsGzipBytes: p.js?.gzipBytes ?? null,
      appJsGzipBytes: p.js ? appJsBytes(p.js, r.frameworkJs) : null,
      jsWithinBudget: p.js && r.frameworkJs ? p.js.gzipBytes <= r.frameworkJs.gzipBytes + APP_JS_BUDGET_BYTES : null,
      lighthousePerformance: p.lighthouse?.performance ?? null,
      lighthouseTbtMs: p.lighthouse?.tbtMs ?? null,
      lighthouseTbtRunsMs: p.lighthouse?.runsTbtMs ?? null,
      lighthouseLcpMs: p.lighthouse?.lcpMs ?? null,
      lighthouseBenchmarkIndex: p.lighthouse?.benchmarkIndex ?? null,
      lighthouseError: p.lighthouse?.error ?? null,
      error: p.error ?? null,
    };
  });
  return `${JSON.stringify(
    {
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt.toISOString(),
      loadAverage: r.loadAverage.map((n) => round(n, 2)),
      connections: r.connections,
      seconds: r.seconds,
      frameworkJsGzipBytes: r.frameworkJs?.gzipBytes ?? null,
      jsBudgetGzipBytes: r.frameworkJs ? r.frameworkJs.gzipBytes + APP_JS_BUDGET_BYTES : null,
      pages,
      writes: r.writes.map((w) => ({ name: w.name, httpRps10: w.httpRps10, inProcessRps10: w.inProcessRps10, refusedRps10: w.refusedRps10 ?? null, bareRouteRps10: w.bareRouteRps10 ?? null })),
      intake: r.intake
        ? { importRows: r.intake.importRows, importRowsPerSecond: r.intake.importRowsPerSecond, importSeconds: r.intake.importSeconds, apiBatchSize: 1000, apiBatches: r.intake.apiBatches, apiSignalsPerSecond: r.intake.apiSignalsPerSecond, error: r.intake.error ?? null }
        : null,
      growth: r.growth && {
        scale: r.growth.scale,
        dashboardOneConnP50Ms1x: r.growth.dashboardOneConnP50Ms1x,
        // Named for issue 12's --scale 3; with another --scale it is that scale's figure.
        dashboardOneConnP50Ms3x: r.growth.dashboardOneConnP50MsScaled,
        // /whoami, taken in turn with the dashboard on the scaled server: the machine's moment there.
        baselineOneConnP50Ms3x: r.growth.baselineOneConnP50MsScaled,
      },
      rssMb: r.rssMb,
      crawl: r.crawl,
      otherPages: r.otherPages,
    },
    null,
    2,
  )}\n`;
}
