import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { signInOverHttp, stopProcessTree, waitForExit } from "../../scripts/lib/app-process";

// A production build of the app served by `next start`, driven over HTTP like a browser would:
// Auth.js credentials sign-in, server actions by their id, pages with the session cookie.

const NEXT_BIN = "./node_modules/.bin/next";

/**
 * `next build` into `distDir`. Next adds the new directory's types to tsconfig.json's include
 * (STACK.md pitfall 9); the file is put back so a test run leaves the work tree as it was.
 */
export async function buildApp(distDir: string, env: NodeJS.ProcessEnv, timeoutMs = 15 * 60_000): Promise<void> {
  const tsconfig = path.resolve("tsconfig.json");
  const before = fs.readFileSync(tsconfig, "utf8");
  let output = "";
  try {
    const child = spawn(NEXT_BIN, ["build"], { env: { ...env, NEXT_DIST_DIR: distDir }, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (b: Buffer) => void (output = (output + b.toString()).slice(-8000));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const code = await waitForExit(child, timeoutMs);
    if (code === null) child.kill("SIGKILL");
    if (code !== 0) throw new Error(`next build ${code === null ? "timed out" : `failed (exit ${code})`}:\n${output}`);
  } finally {
    if (fs.readFileSync(tsconfig, "utf8") !== before) fs.writeFileSync(tsconfig, before);
  }
}

export type AppServer = { pid: number; baseUrl: string; output: () => string; alive: () => boolean; stop: () => Promise<void> };

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.status < 500;
  } catch {
    return false;
  }
}

/** `next start` (through scripts/serve.sh, as production serves) on 127.0.0.1:`port` from `distDir`; resolves once /sign-in answers. */
export async function startApp(opts: { port: number; distDir: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<AppServer> {
  const baseUrl = `http://localhost:${opts.port}`;
  if (await answers(`${baseUrl}/sign-in`)) throw new Error(`Something already answers on port ${opts.port}.`);
  const child = spawn("./scripts/serve.sh", ["--hostname", "127.0.0.1", "--port", String(opts.port)], {
    env: { ...opts.env, NEXT_DIST_DIR: opts.distDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (b: Buffer) => void (output = (output + b.toString()).slice(-40_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = () => stopProcessTree(child);
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  while (Date.now() < deadline && alive()) {
    if (await answers(`${baseUrl}/sign-in`)) return { pid: child.pid!, baseUrl, output: () => output, alive, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`next start did not answer ${baseUrl}/sign-in. Its output:\n${output.slice(-4000)}`);
}

/** Signs in through Auth.js's credentials callback as a browser form would; returns the Cookie header. */
export const signIn = (baseUrl: string, email: string, password: string) => signInOverHttp(baseUrl, email, password, 120_000);

/** The id Next gave a server action, from the build's manifest. */
export function actionId(distDir: string, file: string, exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, v]) => v.filename === file && v.exportedName === exportedName);
  if (!found) throw new Error(`No server action ${exportedName} of ${file} in ${distDir}'s manifest.`);
  return found[0];
}

export type ActionAnswer = { status: number; result: { ok: boolean; code?: string; error?: string; data?: unknown } | null };

/**
 * Calls a server action the way the browser does (POST to a page with the Next-Action header
 * and the React-encoded arguments) and reads the action's return value out of the RSC reply.
 */
export async function callAction(baseUrl: string, page: string, id: string, args: unknown[], cookie: string, timeoutMs: number): Promise<ActionAnswer> {
  const res = await fetch(`${baseUrl}${page}`, {
    method: "POST",
    redirect: "manual",
    headers: { "next-action": id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8", origin: baseUrl, cookie },
    body: JSON.stringify(args),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const line = text.split("\n").find((l) => /^[0-9a-f]+:\{"ok":/.test(l));
  return { status: res.status, result: line ? JSON.parse(line.slice(line.indexOf(":") + 1)) : null };
}
