import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { stopProcessTree, waitForExit } from "../lib/app-process";

export const NEXT_BIN = "./node_modules/.bin/next";
// Production serving, heap bound included (scripts/serve.sh), exactly as `npm run serve` runs it.
export const SERVE_SCRIPT = "./scripts/serve.sh";
export const DIST_DIR = ".next-bench";
// BENCH_PORT: another port, so two checkouts can each run a bench (or its pieces) at once.
export const PORT = Number(process.env.BENCH_PORT || 3200);
// Browse on localhost, not 127.0.0.1: Auth.js redirects and cookies follow request.url (STACK.md pitfall 5).
export const BASE_URL = `http://localhost:${PORT}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the exit code (-1 for a signal) or null when `timeoutMs` passes first. */

/**
 * `next build` into .next-bench, logging to `logFile`. Next rewrites tsconfig.json's include
 * for a new dist dir (STACK.md pitfall 9); when that is the only change, it is put back so a
 * benchmark leaves the work tree as it found it.
 */
export async function buildApp(env: NodeJS.ProcessEnv, logFile: string, timeoutMs = 15 * 60_000): Promise<number> {
  const tsconfig = path.resolve("tsconfig.json");
  const before = fs.readFileSync(tsconfig, "utf8");
  const log = fs.openSync(logFile, "w");
  const t0 = performance.now();
  try {
    const child = spawn(NEXT_BIN, ["build"], { env, stdio: ["ignore", log, log] });
    const code = await waitForExit(child, timeoutMs);
    if (code === null) {
      child.kill("SIGKILL");
      throw new Error(`next build did not finish within ${timeoutMs / 60_000} minutes (log: ${logFile}).`);
    }
    if (code !== 0) {
      const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n");
      throw new Error(`next build failed (exit ${code}); last lines of ${logFile}:\n${tail}`);
    }
    return Math.round(performance.now() - t0);
  } finally {
    fs.closeSync(log);
    restoreTsconfig(tsconfig, before);
  }
}

function restoreTsconfig(file: string, before: string): void {
  const after = fs.readFileSync(file, "utf8");
  if (after === before) return;
  try {
    const a = JSON.parse(before) as { include?: string[] };
    const b = JSON.parse(after) as { include?: string[] };
    const added = (b.include ?? []).filter((x) => !(a.include ?? []).includes(x));
    const sameOtherwise = JSON.stringify({ ...a, include: null }) === JSON.stringify({ ...b, include: null });
    if (sameOtherwise && added.every((x) => x.startsWith(`${DIST_DIR}/`))) fs.writeFileSync(file, before);
  } catch {
    // Not JSON we understand: leave it for a person to look at.
  }
}

/** The status `url` answers with (redirects not followed), or null when nothing answers within 5 s. */
export async function answerStatus(url: string, headers: Record<string, string> = {}): Promise<number | null> {
  try {
    const res = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null;
  }
}

export type Server = { pid: number; stop: () => Promise<void>; output: () => string };

/** Starts `next start` (through scripts/serve.sh) on 127.0.0.1:3200 and waits (at most `timeoutMs`) until /sign-in answers. */
export async function startServer(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Server> {
  if ((await answerStatus(`${BASE_URL}/sign-in`)) !== null) throw new Error(`Something already answers on port ${PORT}; stop it first (this bench starts its own server).`);
  const child = spawn(SERVE_SCRIPT, ["--port", String(PORT), "--hostname", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  if (!child.pid) throw new Error("Could not start next start.");
  let output = "";
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const server: Server = { pid: child.pid, stop: () => stopProcessTree(child), output: () => output };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if ((await answerStatus(`${BASE_URL}/sign-in`)) !== null) return server;
    await sleep(500);
  }
  await server.stop();
  throw new Error(`The server did not answer ${BASE_URL}/sign-in within ${timeoutMs / 1000} s. Its output:\n${output.slice(-4000)}`);
}


/** Resident memory (MB) of a process and all its descendants, from /proc; null where /proc is not readable. */
export function rssMbOfTree(rootPid: number): number | null {
  try {
    const children = new Map<number, number[]>();
    const rssKb = new Map<number, number>();
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
        const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
        const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
        const pid = Number(entry);
        rssKb.set(pid, rss);
        children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      } catch {
        // The process ended while we read it.
      }
    }
    let total = 0;
    const queue = [rootPid];
    while (queue.length) {
      const pid = queue.pop()!;
      total += rssKb.get(pid) ?? 0;
      queue.push(...(children.get(pid) ?? []));
    }
    return total ? Math.round(total / 1024) : null;
  } catch {
    return null;
  }
}
