import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countInSnapshot, crawlAddresses } from "@/scripts/bench/crawl";
import { oneAtATime, scriptSources, type ShippedJs } from "@/scripts/bench/http";
import { figuresOf, medianRun, type LighthouseFigures } from "@/scripts/bench/lighthouse";
import { APP_JS_BUDGET_BYTES, appJsBytes, renderJson, renderReport, type BenchReport } from "@/scripts/bench/report";

// The bench's browser figures (issue 12): what counts as a page's JavaScript, what the
// framework's share is, and what a Lighthouse report says. The bench itself is never part of
// the suite; these are its pure pieces.

describe("scriptSources", () => {
  it("lists the page's own build scripts once each and marks the noModule ones", () => {
    const html = [
      '<script src="/_next/static/chunks/a.js" async=""></script>',
      '<script src="/_next/static/chunks/poly.js" noModule=""></script>',
      '<script nomodule src="/_next/static/chunks/poly2.js"></script>',
      '<script src="/_next/static/chunks/b.js?dpl=1&amp;x=2"></script>',
      '<script src="/_next/static/chunks/a.js"></script>',
      '<script src="https://elsewhere.example/x.js"></script>',
      "<script>self.__next_f.push([1,\"noModule\"])</script>",
      '<script src="/_next/static/chunks/nomodulefoo.js"></script>',
    ].join("");
    expect(scriptSources(html)).toEqual([
      { src: "/_next/static/chunks/a.js", noModule: false },
      { src: "/_next/static/chunks/poly.js", noModule: true },
      { src: "/_next/static/chunks/poly2.js", noModule: true },
      { src: "/_next/static/chunks/b.js?dpl=1&x=2", noModule: false },
      { src: "/_next/static/chunks/nomodulefoo.js", noModule: false },
    ]);
  });
});

const js = (files: Record<string, number>): ShippedJs => ({
  chunks: Object.keys(files).length,
  rawBytes: 0,
  gzipBytes: Object.values(files).reduce((a, b) => a + b, 0),
  noModuleChunks: 1,
  files,
  htmlBytes: 1000,
  htmlGzipBytes: 300,
  domElements: 40,
});

describe("appJsBytes", () => {
  it("is what the page loads beyond the framework's chunks (query strings aside)", () => {
    const framework = { chunks: ["/_next/static/chunks/react.js", "/_next/static/chunks/next.js"], gzipBytes: 1000, rawBytes: 3000 };
    expect(appJsBytes(js({ "/_next/static/chunks/react.js?dpl=1": 600, "/_next/static/chunks/next.js": 400, "/_next/static/chunks/app.js": 250 }), framework)).toBe(250);
    expect(appJsBytes(js({ "/_next/static/chunks/app.js": 250 }), null)).toBeNull();
  });
});

describe("figuresOf (a Lighthouse report)", () => {
  it("reads the score, the timings and the main-thread breakdown", () => {
    const f = figuresOf({
      categories: { performance: { score: 0.914 } },
      audits: {
        "total-blocking-time": { numericValue: 123.6 },
        "first-contentful-paint": { numericValue: 900.2 },
        "largest-contentful-paint": { numericValue: 1500 },
        "speed-index": { numericValue: 1100 },
        "cumulative-layout-shift": { numericValue: 0.01234 },
        "dom-size": { numericValue: 812 },
        "mainthread-work-breakdown": { details: { items: [{ group: "scriptEvaluation", duration: 300.4 }, { group: "styleLayout", duration: 99.6 }, { group: "scriptEvaluation", duration: 10 }] } },
      },
      environment: { benchmarkIndex: 712.5 },
    });
    expect(f).toEqual({
      benchmarkIndex: 713,
      performance: 91,
      tbtMs: 124,
      fcpMs: 900,
      lcpMs: 1500,
      speedIndexMs: 1100,
      cls: 0.012,
      domElements: 812,
      mainThreadMs: { scriptEvaluation: 310, styleLayout: 100 },
    });
  });

  it("turns a page Lighthouse could not measure into an error, never a score", () => {
    expect(figuresOf({ runtimeError: { code: "NO_FCP", message: "The page did not paint any content." }, categories: { performance: { score: null } }, audits: {} })).toMatchObject({
      performance: null,
      tbtMs: null,
      error: "NO_FCP: The page did not paint any content.",
    });
    expect(figuresOf({ categories: {}, audits: {} }).error).toBe("Lighthouse gave no performance score");
  });
});

describe("the report's browser figures", () => {
  const framework = { chunks: ["/_next/static/chunks/react.js"], gzipBytes: 130_000, rawBytes: 400_000 };
  const report: BenchReport = {
    startedAt: new Date("2026-12-06T04:00:00Z"),
    finishedAt: new Date("2026-12-06T04:05:00Z"),
    loadAverage: [1, 1, 1],
    postgres: "15",
    database: "throughline_bench",
    seed: null,
    buildMs: null,
    seconds: 10,
    connections: 20,
    floorRuns: 50,
    targets: null,
    pages: [
      {
        page: "/dashboard",
        path: "/dashboard",
        js: js({ "/_next/static/chunks/react.js": 130_000, "/_next/static/chunks/app.js": 10_000 }),
        lighthouse: { performance: 95, tbtMs: 120, fcpMs: 800, lcpMs: 1200, speedIndexMs: 900, cls: 0, domElements: 900, mainThreadMs: { scriptEvaluation: 400 }, benchmarkIndex: 840, reportFile: "x.json", ms: 20_000 },
      },
      {
        page: "/journeys/[id]",
        path: "/journeys/1",
        js: js({ "/_next/static/chunks/react.js": 130_000, "/_next/static/chunks/zod.js": 36_000 }),
        lighthouse: { performance: null, tbtMs: null, fcpMs: null, lcpMs: null, speedIndexMs: null, cls: null, domElements: null, mainThreadMs: {}, reportFile: null, ms: 5, error: "Lighthouse exited with 1: boom" },
      },
    ],
    frameworkJs: framework,
    lighthouseSkipped: false,
    writes: [],
    growth: null,
    exports: [],
    floor: null,
    rssMb: null,
    otherPages: [],
    crawl: null,
    notes: [],
  };

  it("writes issue 12's fields to latest.json, and a Lighthouse failure as an error beside null figures", () => {
    const json = JSON.parse(renderJson(report)) as { frameworkJsGzipBytes: number; jsBudgetGzipBytes: number; pages: Record<string, unknown>[] };
    expect(json.frameworkJsGzipBytes).toBe(130_000);
    expect(json.jsBudgetGzipBytes).toBe(130_000 + APP_JS_BUDGET_BYTES);
    expect(json.pages[0]).toMatchObject({ name: "dashboard", jsGzipBytes: 140_000, appJsGzipBytes: 10_000, jsWithinBudget: true, lighthousePerformance: 95, lighthouseTbtMs: 120, lighthouseBenchmarkIndex: 840, lighthouseError: null });
    expect(json.pages[1]).toMatchObject({ name: "board", jsGzipBytes: 166_000, appJsGzipBytes: 36_000, jsWithinBudget: false, lighthousePerformance: null, lighthouseTbtMs: null, lighthouseError: "Lighthouse exited with 1: boom" });
  });

  it("shows the budget, each page against it and Lighthouse's figures in the markdown", () => {
    const md = renderReport(report);
    expect(md).toContain("Framework's own JavaScript: 127.0 KB gzipped");
    expect(md).toContain("Budget per page: that + 25 KB = 152.0 KB.");
    expect(md).toMatch(/\| `\/dashboard` \| 136\.7 KB \| 2 \(\+1 noModule, not counted\) \| 9\.8 KB \| yes \| 95 \| 120 \|/);
    expect(md).toMatch(/\| `\/journeys\/\[id\]` \| 162\.1 KB \| .* \| no \(\+10\.2 KB\) \| – \| – \|/);
    expect(md).toContain("- Lighthouse on /journeys/[id]: Lighthouse exited with 1: boom");
    // The host's CPU test, for the pages that have one.
    expect(md).toContain("score suffers): /dashboard 840.");
  });
});

describe("the report's customer signals in bulk", () => {
  const base = { startedAt: new Date("2026-12-06T04:00:00Z"), finishedAt: new Date("2026-12-06T04:05:00Z"), loadAverage: [1, 1, 1], postgres: "16", database: "throughline_bench", seed: null, buildMs: null, seconds: 10, connections: 10, floorRuns: 50, targets: null, pages: [], frameworkJs: null, lighthouseSkipped: true, writes: [], growth: null, exports: [], floor: null, rssMb: null, otherPages: [], crawl: null, notes: [] } satisfies BenchReport;
  const intake = { importRows: 100_000, importSeconds: 76.3, importRowsPerSecond: 1311.5, importFollowUps: 2000, apiBatches: 20, apiSignals: 20_000, apiSignalsPerSecond: 2721.9 };

  it("writes import rows/s and API signals/s to latest.json and the markdown", () => {
    const json = JSON.parse(renderJson({ ...base, intake })) as { intake: Record<string, unknown> };
    expect(json.intake).toEqual({ importRows: 100_000, importRowsPerSecond: 1311.5, importSeconds: 76.3, apiBatchSize: 1000, apiBatches: 20, apiSignalsPerSecond: 2721.9, error: null });
    const md = renderReport({ ...base, intake });
    expect(md).toContain("| CSV import of 100,000 rows (chunks checked and staged, then one recording transaction) | 1311.5 rows/s (76.3 s, 2000 follow-ups) |");
    expect(md).toContain("| REST API, 20 batches of 1,000 (POST /api/v1/signals, one after another) | 2721.9 signals/s (20,000 signals) |");
  });

  it("says when the intake failed, and leaves it out of a run without it", () => {
    expect(renderReport({ ...base, intake: { ...intake, importRowsPerSecond: null, error: "The build has no signal import actions." } })).toContain("- intake: The build has no signal import actions.");
    expect(JSON.parse(renderJson(base)).intake).toBeNull();
    expect(renderReport(base)).not.toContain("Customer signals in bulk");
  });
});

describe("medianRun", () => {
  const run = (tbtMs: number | null, performance: number | null, error?: string): LighthouseFigures => ({ performance, tbtMs, fcpMs: 1, lcpMs: 2, speedIndexMs: 3, cls: 0, domElements: 10, mainThreadMs: {}, reportFile: `${tbtMs}.json`, ms: 1, ...(error ? { error } : {}) });

  it("keeps the run with the median total blocking time, and every run's TBT in the order run", () => {
    const m = medianRun([run(310, 88), run(150, 95), run(220, 92)]);
    expect(m).toMatchObject({ tbtMs: 220, performance: 92, reportFile: "220.json", runsTbtMs: [310, 150, 220], failedRuns: 0 });
  });

  it("takes the lower middle of an even count and leaves failed runs out of the median", () => {
    expect(medianRun([run(300, 90), run(null, null, "Lighthouse exited with 1"), run(100, 97)])).toMatchObject({ tbtMs: 100, runsTbtMs: [300, 100], failedRuns: 1 });
  });

  it("returns the first failure when every run failed", () => {
    expect(medianRun([run(null, null, "first"), run(null, null, "second")]).error).toBe("first");
  });
});

describe("the report's crawl", () => {
  const base = { startedAt: new Date("2026-12-07T04:00:00Z"), finishedAt: new Date("2026-12-07T04:05:00Z"), loadAverage: [1, 1, 1], postgres: "15", database: "throughline_bench", seed: null, buildMs: null, seconds: 10, connections: 20, floorRuns: 50, targets: null, pages: [], frameworkJs: null, lighthouseSkipped: true, writes: [], growth: null, exports: [], floor: null, rssMb: null, otherPages: [], crawl: null, notes: [] } satisfies BenchReport;
  const crawl = { addresses: 3000, seconds: 61.5, statuses: { "200": 2900, "404": 100 }, alive: true, rssBeforeMb: 150, rssAfterMb: 231, requestsHeld: 6, heapMb: 80 };

  it("writes what the crawl left in memory to latest.json and the markdown", () => {
    expect(JSON.parse(renderJson({ ...base, crawl })).crawl).toEqual(crawl);
    const md = renderReport({ ...base, crawl });
    expect(md).toContain("## Crawl: what many distinct addresses leave in memory");
    expect(md).toContain("sent 3,000 distinct addresses");
    expect(md).toContain("in 61.5 s (2,900 × 200, 100 × 404)");
    expect(md).toContain("held **6 finished requests** (ServerResponse objects) in 80 MB of heap; RSS 150 MB before the crawl, 231 MB after.");
  });

  it("says when the crawl failed, and leaves it out of a run without it", () => {
    const md = renderReport({ ...base, crawl: { ...crawl, alive: false, requestsHeld: null, heapMb: null, statuses: { "0": 3000 }, error: "the server stopped answering" } });
    expect(md).toContain("(3,000 × no answer). Failed: the server stopped answering.");
    expect(renderReport(base)).not.toContain("## Crawl");
    expect(JSON.parse(renderJson(base)).crawl).toBeNull();
  });
});

describe("the crawl's addresses and heap count", () => {
  it("makes distinct addresses, every page with one odd parameter, pages varying fastest", () => {
    const urls = crawlAddresses(["/dashboard", "/goals?perPage=100"], 1000);
    expect(urls).toHaveLength(1000);
    expect(new Set(urls).size).toBe(1000);
    // No more than every page × parameter × value: 2 × 28 × 18.
    expect(crawlAddresses(["/dashboard", "/goals?perPage=100"], 3000)).toHaveLength(1008);
    expect(urls.slice(0, 3)).toEqual(["/dashboard?page=", "/goals?perPage=100&page=", "/dashboard?perPage="]);
    expect(crawlAddresses(["/a"], 5)).toHaveLength(5);
  });

  it("counts objects by constructor name in a V8 heap snapshot, and its total size", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crawl-snapshot-"));
    try {
      // Three nodes: an object ServerResponse (40 bytes), an object Socket (24), a string "ServerResponse" (32).
      const snapshot = {
        snapshot: { meta: { node_fields: ["type", "name", "id", "self_size", "edge_count"], node_types: [["hidden", "array", "string", "object"]] } },
        nodes: [3, 0, 1, 40, 0, 3, 1, 3, 24, 0, 2, 0, 5, 32, 0],
        strings: ["ServerResponse", "Socket"],
      };
      const file = path.join(dir, "x.heapsnapshot");
      fs.writeFileSync(file, JSON.stringify(snapshot));
      expect(countInSnapshot(file, "ServerResponse")).toEqual({ count: 1, totalBytes: 96 });
      expect(countInSnapshot(file, "IncomingMessage")).toEqual({ count: 0, totalBytes: 96 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("oneAtATime (the one-request-at-a-time figures)", () => {
  it("takes the pages in turn, one request at a time, and times only the rounds after the untimed ones", async () => {
    const calls: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const ms: Record<string, number[]> = { "/a": [50, 50, 3, 1, 2], "/b": [50, 50, 10, 30, 20] };
    const get = async (path: string) => {
      calls.push(path);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      const wait = ms[path]!.shift()!;
      await new Promise((r) => setTimeout(r, wait));
      inFlight--;
    };
    const result = await oneAtATime(["/a", "/b"], "cookie", { warm: 2, rounds: 3, get });
    expect(mostInFlight).toBe(1);
    expect(calls).toEqual(["/a", "/b", "/a", "/b", "/a", "/b", "/a", "/b", "/a", "/b"]);
    // The 50 ms warm-up rounds are left out: the medians are of 3, 1, 2 and of 10, 30, 20 ms.
    expect(result.get("/a")).toMatchObject({ runs: 3 });
    expect(result.get("/a")!.p50Ms!).toBeLessThan(30);
    expect(result.get("/b")!.p50Ms!).toBeGreaterThanOrEqual(18);
    expect(result.get("/b")!.p50Ms!).toBeLessThan(45);
  });

  it("drops a page that fails from the rounds with its error, and goes on with the others", async () => {
    const calls: string[] = [];
    const get = async (path: string) => {
      calls.push(path);
      if (path === "/broken") throw new Error("GET /broken answered 500");
    };
    const result = await oneAtATime(["/broken", "/ok"], "cookie", { warm: 1, rounds: 2, get });
    expect(calls).toEqual(["/broken", "/ok", "/ok", "/ok"]);
    expect(result.get("/broken")).toEqual({ runs: 0, error: "GET /broken answered 500" });
    expect(result.get("/ok")).toMatchObject({ runs: 2 });
    expect(result.get("/ok")!.p50Ms).toBeTypeOf("number");
  });
});

describe("the report's growth", () => {
  const base = { startedAt: new Date("2026-12-07T04:00:00Z"), finishedAt: new Date("2026-12-07T04:05:00Z"), loadAverage: [1, 1, 1], postgres: "15", database: "throughline_bench", seed: null, buildMs: null, seconds: 10, connections: 20, floorRuns: 50, targets: null, pages: [], frameworkJs: null, lighthouseSkipped: true, writes: [], growth: null, exports: [], floor: null, rssMb: null, otherPages: [], crawl: null, notes: [] } satisfies BenchReport;

  it("gives the dashboard at both sizes with the ratio, and the baseline it was taken in turn with", () => {
    const growth = { scale: 3, database: "throughline_bench_3x", dashboardOneConnP50Ms1x: 40, dashboardOneConnP50MsScaled: 48, baselineOneConnP50MsScaled: 16, seed: null };
    const md = renderReport({ ...base, growth });
    expect(md).toContain("`/dashboard` one request at a time, p50: 40 ms on the large company, 48 ms on `throughline_bench_3x`, 3 times its size (× 1.2); taken in turn with `/whoami`, which took 16 ms there (reused as it was).");
    const json = JSON.parse(renderJson({ ...base, growth })) as { growth: Record<string, number> };
    expect(json.growth).toMatchObject({ dashboardOneConnP50Ms1x: 40, dashboardOneConnP50Ms3x: 48, baselineOneConnP50Ms3x: 16 });
  });
});
