import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { BENCH_LOGINS, BENCH_PASSWORD } from "@/db/seed/large";
import { signIn } from "./http";
import { BASE_URL, answerStatus, rssMbOfTree, startServer, type Server } from "./server";

/**
 * What a crawl leaves in the server's memory: a fresh server (as after a deploy) is sent many
 * distinct page addresses, eight at a time, each on a connection of its own, the way a crawler or
 * a probe walks the site. Then one heap snapshot of the server (SIGUSR2, which also collects
 * garbage first) counts the finished requests still reachable: every ServerResponse left once
 * nothing is in flight. Decision record 24: such a crawl used to keep hundreds of them and could
 * end a 160 MB-heap server.
 */
export type CrawlFigures = {
  addresses: number;
  seconds: number;
  statuses: Record<string, number>;
  /** The server answered /whoami after the crawl (false: it died or stopped answering). */
  alive: boolean;
  rssBeforeMb: number | null;
  rssAfterMb: number | null;
  /** ServerResponse objects in the heap snapshot after the crawl: finished requests held. */
  requestsHeld: number | null;
  /** The snapshot's total object size, MB: the live heap after a full collection. */
  heapMb: number | null;
  error?: string;
};

const NAMES = ["page", "perPage", "q", "status", "sort", "dir", "department", "journey", "stage", "from", "to", "view", "tab", "owner", "kind", "health", "actor", "action", "entity", "since", "until", "format", "filter", "role", "state", "score", "open", "x"];
const VALUES = ["", "-1", "0", "abc", "%00", "99999999999", "1e9", "%5B%5D", "null", "%E2%9C%93", "a".repeat(300), "2026-13-45", "true", "..%2F..", "%3Cscript%3E", "1.5", "NaN", "%27%20or%201%3D1"];

/**
 * `count` distinct addresses (at most pages × 28 names × 18 values): every page with one odd
 * query parameter, pages varying fastest.
 */
export function crawlAddresses(pages: string[], count: number): string[] {
  const out: string[] = [];
  for (const value of VALUES) {
    for (const name of NAMES) {
      for (const page of pages) {
        if (out.length >= count) return out;
        out.push(`${page}${page.includes("?") ? "&" : "?"}${name}=${value}`);
      }
    }
  }
  return out;
}

function get(url: string, cookie: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers: { cookie, connection: "close" }, timeout: 120_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(0));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(0));
  });
}

/** Counts objects by constructor name and sums every node's size in a V8 heap snapshot. */
export function countInSnapshot(file: string, name: string): { count: number; totalBytes: number } {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const { node_fields: fields, node_types: types } = snap.snapshot.meta;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const objectType = types[0].indexOf("object");
  let count = 0;
  let totalBytes = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    totalBytes += snap.nodes[i + sizeAt]!;
    if (snap.nodes[i + typeAt] === objectType && snap.strings[snap.nodes[i + nameAt]!] === name) count++;
  }
  return { count, totalBytes };
}

/** Whether the signed-in /whoami answers 200 within `timeoutMs` (blocked while writing a snapshot, or gone). */
async function answers(cookie: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await answerStatus(`${BASE_URL}/whoami`, { cookie })) === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

/** Starts a fresh server able to write heap snapshots, crawls, snapshots, stops it. */
export async function measureCrawl(env: NodeJS.ProcessEnv, pages: string[], count: number, log: (line: string) => void): Promise<CrawlFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-bench-heap-"));
  const figures: CrawlFigures = { addresses: 0, seconds: 0, statuses: {}, alive: false, rssBeforeMb: null, rssAfterMb: null, requestsHeld: null, heapMb: null };
  let server: Server | null = null;
  try {
    const nodeOptions = [env.NODE_OPTIONS, "--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${dir}`].filter(Boolean).join(" ");
    server = await startServer({ ...env, NODE_OPTIONS: nodeOptions });
    const cookie = await signIn(BENCH_LOGINS.cco, BENCH_PASSWORD);
    figures.rssBeforeMb = rssMbOfTree(server.pid);
    const urls = crawlAddresses(pages, count);
    figures.addresses = urls.length;
    log(`Crawling ${urls.length.toLocaleString("en")} distinct addresses on a fresh server, 8 at a time…`);
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < urls.length) {
        const status = String(await get(`${BASE_URL}${urls[next++]!}`, cookie));
        figures.statuses[status] = (figures.statuses[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    figures.seconds = Math.round((performance.now() - t0) / 100) / 10;
    figures.alive = await answers(cookie, 30_000);
    figures.rssAfterMb = rssMbOfTree(server.pid);
    if (!figures.alive) throw new Error(`the server stopped answering (${server.output().trim().split("\n").slice(-3).join(" ⏎ ").slice(-400)})`);
    process.kill(server.pid, "SIGUSR2");
    // The snapshot is written on the server's main thread: once it answers again, the file is whole.
    if (!(await answers(cookie, 300_000))) throw new Error("the server did not answer after writing its heap snapshot");
    const file = fs.readdirSync(dir).find((f) => f.endsWith(".heapsnapshot"));
    if (!file) throw new Error("the server wrote no heap snapshot");
    const { count: held, totalBytes } = countInSnapshot(path.join(dir, file), "ServerResponse");
    figures.requestsHeld = held;
    figures.heapMb = Math.round(totalBytes / 2 ** 20);
    log(`  ${figures.seconds} s, answers ${JSON.stringify(figures.statuses)}; finished requests held ${held}, heap ${figures.heapMb} MB, RSS ${figures.rssBeforeMb ?? "–"} → ${figures.rssAfterMb ?? "–"} MB`);
  } catch (e) {
    figures.error = e instanceof Error ? e.message : String(e);
    log(`  the crawl failed: ${figures.error}`);
  } finally {
    if (server) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
