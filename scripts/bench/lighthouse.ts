import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { stopProcessTree, waitForExit } from "../lib/app-process";
import { BASE_URL } from "./server";

// Lighthouse (12.2.3, pinned: see package.json) on a signed-in page, as a phone would load it:
// its default mobile settings (a mid-range phone's screen, simulated slow 4G and a CPU four times
// slower than this one). It runs as its own process (the CLI) so that a Chromium that crashes or
// hangs costs the bench one figure, never the run: any failure comes back as `error`.

const LIGHTHOUSE_BIN = "./node_modules/.bin/lighthouse";
const TIMEOUT_MS = 240_000;
// Debian's Chromium; the same flags the browser suite launches it with (playwright.config.ts).
const DEFAULT_CHROME = "/usr/bin/chromium";
const CHROME_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export type LighthouseFigures = {
  /** The performance category's score, 0–100; null when Lighthouse could not score the page. */
  performance: number | null;
  tbtMs: number | null;
  fcpMs: number | null;
  lcpMs: number | null;
  speedIndexMs: number | null;
  cls: number | null;
  /** The DOM size Lighthouse counted (its `dom-size` audit). */
  domElements: number | null;
  /** Main-thread work in the (4× slowed) trace, by kind, ms: scripting, style & layout, rendering, parsing. */
  mainThreadMs: Record<string, number>;
  /**
   * Lighthouse's own CPU test of the host, run with the page (higher is faster). Below 1,000 it
   * warns that the host is slower than it expects and the score suffers: the 4× slowdown is
   * applied to what this host measured.
   */
  benchmarkIndex?: number | null;
  /** The full report, for whoever wants to look at the details. */
  reportFile: string | null;
  /** With several runs: every successful run's TBT, in the order run (these figures are the median run's). */
  runsTbtMs?: number[];
  /** With several runs: how many failed. */
  failedRuns?: number;
  ms: number;
  error?: string;
};

type Audit = { numericValue?: number; details?: { items?: { group?: string; duration?: number; value?: number }[] } };
type Lhr = {
  runtimeError?: { code: string; message: string };
  runWarnings?: string[];
  categories?: { performance?: { score: number | null } };
  audits?: Record<string, Audit | undefined>;
  environment?: { benchmarkIndex?: number };
};

const num = (a: Audit | undefined, digits = 0) => (typeof a?.numericValue === "number" ? Number(a.numericValue.toFixed(digits)) : null);

/** What a finished report says; an error when Lighthouse ran but could not measure the page. */
export function figuresOf(lhr: Lhr): Omit<LighthouseFigures, "reportFile" | "ms"> {
  const a = lhr.audits ?? {};
  const score = lhr.categories?.performance?.score;
  const mainThreadMs: Record<string, number> = {};
  for (const item of a["mainthread-work-breakdown"]?.details?.items ?? []) {
    if (item.group && typeof item.duration === "number") mainThreadMs[item.group] = Math.round((mainThreadMs[item.group] ?? 0) + item.duration);
  }
  const error = lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : typeof score !== "number" ? "Lighthouse gave no performance score" : undefined;
  return {
    performance: typeof score === "number" ? Math.round(score * 100) : null,
    tbtMs: num(a["total-blocking-time"]),
    fcpMs: num(a["first-contentful-paint"]),
    lcpMs: num(a["largest-contentful-paint"]),
    speedIndexMs: num(a["speed-index"]),
    cls: num(a["cumulative-layout-shift"], 3),
    domElements: num(a["dom-size"]),
    mainThreadMs,
    benchmarkIndex: typeof lhr.environment?.benchmarkIndex === "number" ? Math.round(lhr.environment.benchmarkIndex) : null,
    ...(error ? { error } : {}),
  };
}

/**
 * Runs Lighthouse's performance category on `pathname`, signed in by sending `cookie` with every
 * request (extraHeaders). Writes the full JSON report to `reportFile`. Never throws.
 */
export async function runLighthouse(pathname: string, cookie: string, reportFile: string): Promise<LighthouseFigures> {
  const t0 = performance.now();
  const failed = (error: string): LighthouseFigures => ({
    performance: null,
    tbtMs: null,
    fcpMs: null,
    lcpMs: null,
    speedIndexMs: null,
    cls: null,
    domElements: null,
    mainThreadMs: {},
    reportFile: null,
    ms: Math.round(performance.now() - t0),
    error,
  });
  if (!fs.existsSync(LIGHTHOUSE_BIN)) return failed(`${LIGHTHOUSE_BIN} is missing: run npm install`);
  try {
    fs.mkdirSync(path.dirname(reportFile), { recursive: true });
    fs.rmSync(reportFile, { force: true });
    const args = [
      `${BASE_URL}${pathname}`,
      "--only-categories=performance",
      "--output=json",
      `--output-path=${reportFile}`,
      "--quiet",
      `--chrome-flags=${CHROME_FLAGS.join(" ")}`,
      `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
    ];
    const child = spawn(LIGHTHOUSE_BIN, args, {
      env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || DEFAULT_CHROME },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("error", (e) => keep(Buffer.from(String(e))));
    const code = await waitForExit(child, TIMEOUT_MS);
    if (code === null) {
      await stopProcessTree(child);
      return failed(`Lighthouse did not finish within ${TIMEOUT_MS / 1000} s`);
    }
    if (code !== 0 || !fs.existsSync(reportFile)) return failed(`Lighthouse exited with ${code}: ${output.trim().split("\n").slice(-3).join(" ⏎ ").slice(-600)}`);
    const lhr = JSON.parse(fs.readFileSync(reportFile, "utf8")) as Lhr;
    return { ...figuresOf(lhr), reportFile, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    return failed(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Of several runs of one page, the one whose total blocking time is the median (the lower middle
 * of an even count), with every run's TBT listed; the first failure when every run failed.
 */
export function medianRun(runs: LighthouseFigures[]): LighthouseFigures {
  const ok = runs.filter((r) => !r.error && r.tbtMs !== null);
  if (!ok.length) return runs[0]!;
  const sorted = [...ok].sort((a, b) => a.tbtMs! - b.tbtMs!);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { ...median, runsTbtMs: ok.map((r) => r.tbtMs!), failedRuns: runs.length - ok.length };
}
