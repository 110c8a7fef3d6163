import type { ChildProcess } from "node:child_process";
import fs from "node:fs";

// Driving a `next start` server from a script or a test: waiting for and stopping the process
// tree it forks, and signing in over plain HTTP as a browser's form would. Shared by the
// benchmark (scripts/bench) and the restart suite (tests/restart).

/** The exit code once `child` exits, or null if it is still running after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? -1);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

/** Descendants of a process we started, read from /proc (Linux), so none is left running. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  let frontier = [pid];
  for (let depth = 0; depth < 5 && frontier.length; depth++) {
    const next: number[] = [];
    for (const p of frontier) {
      try {
        const kids = fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim();
        if (kids) next.push(...kids.split(/\s+/).map(Number));
      } catch {
        // Gone already, or not Linux.
      }
    }
    out.push(...next);
    frontier = next;
  }
  return out;
}

/**
 * Stops a server by the PID of ./node_modules/.bin/next (stopping `npx next` would leave
 * next-server running) and every child it forked: TERM first, KILL after 10 s.
 */
export async function stopProcessTree(child: ChildProcess): Promise<void> {
  const pid = child.pid!;
  const kids = descendants(pid);
  const signal = (p: number, s: NodeJS.Signals) => {
    try {
      process.kill(p, s);
    } catch {
      // Already gone.
    }
  };
  signal(pid, "SIGTERM");
  for (const k of kids) signal(k, "SIGTERM");
  if ((await waitForExit(child, 10_000)) === null) signal(pid, "SIGKILL");
  for (const k of kids) if (fs.existsSync(`/proc/${k}`)) signal(k, "SIGKILL");
}

function cookiesOf(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq > 0) out.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return out;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * Signs in through Auth.js v5's credentials callback without a browser: csrf token and its
 * cookie first, then the form POST. Returns the Cookie header carrying the session.
 */
export async function signInOverHttp(baseUrl: string, email: string, password: string, timeoutMs: number): Promise<string> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!csrfRes.ok) throw new Error(`GET /api/auth/csrf answered ${csrfRes.status}`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("GET /api/auth/csrf gave no csrfToken");
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(cookiesOf(csrfRes)) },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseUrl}/dashboard` }).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer();
  const session = [...cookiesOf(res)].filter(([k]) => k.startsWith("authjs.session-token"));
  if (!session.length) throw new Error(`Sign-in as ${email} set no session cookie (status ${res.status}, location ${res.headers.get("location") ?? "none"}).`);
  return cookieHeader(new Map(session));
}
