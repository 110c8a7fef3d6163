import { spawn } from "node:child_process";
import { BASE_URL } from "./server";

export type LoadResult = { p50: number; p90: number; p99: number; max: number; rps: number; requests: number; non2xx: number; errors: number; timeouts: number };

type AutocannonJson = {
  latency: { p50: number; p90: number; p99: number; max: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};

/**
 * Runs autocannon (its own process, so the load generator does not share our event loop)
 * against one page on localhost, for `seconds` with `connections`, sending the session cookie.
 */
export function runLoad(pathname: string, cookie: string, { seconds, connections }: { seconds: number; connections: number }): Promise<LoadResult> {
  const url = `${BASE_URL}${pathname}`;
  if (!url.startsWith("http://localhost:")) throw new Error("The benchmark only sends traffic to localhost.");
  const args = ["-c", String(connections), "-d", String(seconds), "-j", "-n", "-t", "30", "-H", `cookie:${cookie}`, url];
  return new Promise((resolve, reject) => {
    const child = spawn("./node_modules/.bin/autocannon", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
    // Bounded: autocannon stops itself after `seconds`; this is the backstop.
    const timer = setTimeout(() => child.kill("SIGKILL"), (seconds + 60) * 1000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      try {
        const j = JSON.parse(out) as AutocannonJson;
        resolve({
          p50: j.latency.p50,
          p90: j.latency.p90,
          p99: j.latency.p99,
          max: j.latency.max,
          rps: j.requests.average,
          requests: j.requests.total,
          non2xx: j.non2xx,
          errors: j.errors,
          timeouts: j.timeouts,
        });
      } catch (e) {
        reject(new Error(`autocannon printed no JSON (${e instanceof Error ? e.message : e}): ${out.slice(0, 500)}`));
      }
    });
  });
}
