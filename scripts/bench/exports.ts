import fs from "node:fs";
import { descendants } from "../lib/app-process";
import { BASE_URL } from "./server";

export type ExportFigures = { path: string; rows: number; bytes: number; ms: number; rssBeforeMb: number; rssPeakMb: number; error?: string };

/** Resident memory of the server: the process we started and every process it forked, from /proc (Linux). */
function rssKb(pid: number): number {
  let total = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) total += Number(m[1]);
    } catch {
      // Gone, or not Linux.
    }
  }
  return total;
}

/**
 * Downloads an export as a browser would, reading and dropping the bytes as they arrive, while
 * sampling the server's resident memory every 20 ms: the peak shows whether the server holds
 * the file (it would grow by about the file's size) or streams it in batches.
 */
export async function measureExport(pathname: string, cookie: string, serverPid: number): Promise<ExportFigures> {
  // First an export that matches nothing, so loading the route's code is not counted as the download's memory.
  const warm = await fetch(`${BASE_URL}${pathname}?journeyId=00000000-0000-4000-8000-000000000000`, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(120_000) });
  await warm.arrayBuffer();
  const rssBefore = rssKb(serverPid);
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssKb(serverPid));
  }, 20);
  const t0 = performance.now();
  let bytes = 0;
  let rows = -1; // less the header
  try {
    const res = await fetch(`${BASE_URL}${pathname}`, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(600_000) });
    if (res.status !== 200 || !res.body) throw new Error(`GET ${pathname} answered ${res.status}`);
    const reader = res.body.getReader();
    let last = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      // Counts CRLF line ends (a quoted cell could hold one too; the generated company's text does not).
      for (let i = 0; i < value.length; i++) {
        if (value[i] === 10 && (i > 0 ? value[i - 1] : last) === 13) rows++;
      }
      last = value[value.length - 1] ?? last;
    }
    return { path: pathname, rows, bytes, ms: Math.round(performance.now() - t0), rssBeforeMb: rssBefore / 1024, rssPeakMb: Math.max(peak, rssKb(serverPid)) / 1024 };
  } catch (e) {
    return { path: pathname, rows, bytes, ms: Math.round(performance.now() - t0), rssBeforeMb: rssBefore / 1024, rssPeakMb: peak / 1024, error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearInterval(timer);
  }
}
