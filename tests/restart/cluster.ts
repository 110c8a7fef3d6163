import { execFile, execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

// A throwaway PostgreSQL cluster of Debian's postgresql-common tools (pg_createcluster,
// pg_ctlcluster, pg_dropcluster), trusting local TCP, that a test may stop and start at will
// without disturbing the server every other suite uses. Needs root, as CI and this machine run.

const PREFIX = "tl_restart_";

export type Cluster = {
  version: string;
  name: string;
  port: number;
  url: (database: string) => string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  drop: () => void;
};

function has(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Why a throwaway cluster cannot be made here, or null when it can. */
export function clusterUnavailableReason(): string | null {
  const missing = ["pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "pg_lsclusters"].filter((c) => !has(c));
  if (missing.length) return `${missing.join(", ")} not found: install Debian's postgresql-common and a postgresql-NN server package (apt-get install postgresql).`;
  if (process.getuid?.() !== 0) return "pg_createcluster must run as root to create a cluster owned by the postgres user.";
  if (!newestVersion()) return "no PostgreSQL server binaries under /usr/lib/postgresql.";
  return null;
}

function newestVersion(): string | undefined {
  const dir = "/usr/lib/postgresql";
  if (!fs.existsSync(dir)) return undefined;
  return fs
    .readdirSync(dir)
    .filter((v) => /^\d+$/.test(v) && fs.existsSync(`${dir}/${v}/bin/postgres`))
    .sort((a, b) => Number(b) - Number(a))[0];
}

type Listed = { version: string; name: string; port: number };

function listClusters(): Listed[] {
  const out = execFileSync("pg_lsclusters", ["-h"], { encoding: "utf8" });
  return out
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 3)
    .map(([version, name, port]) => ({ version: version!, name: name!, port: Number(port) }));
}

/** Clusters an earlier run left behind when its process was killed before cleaning up. */
function dropLeftovers(): void {
  for (const c of listClusters()) {
    if (!c.name.startsWith(PREFIX)) continue;
    const pid = Number(c.name.slice(PREFIX.length));
    if (Number.isInteger(pid) && pid > 0 && fs.existsSync(`/proc/${pid}`)) continue;
    spawnSync("pg_dropcluster", [c.version, c.name, "--stop"], { stdio: "ignore" });
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function freePort(taken: Set<number>): Promise<number> {
  for (let port = 5440; port < 5500; port++) {
    if (!taken.has(port) && (await portIsFree(port))) return port;
  }
  throw new Error("No free port between 5440 and 5499 for the throwaway cluster.");
}

// Asynchronous, so that requests in flight keep being answered and timed while it runs.
const run = (command: string, args: string[]) =>
  new Promise<void>((resolve, reject) => {
    execFile(command, args, { encoding: "utf8" }, (err, stdout, stderr) =>
      err ? reject(new Error(`${command} ${args.join(" ")} failed: ${(stderr || stdout || err.message).trim()}`)) : resolve(),
    );
  });

/** Creates and starts a fresh cluster on a free port 5440–5499; drop() removes it and its files. */
export async function createCluster(): Promise<Cluster> {
  const reason = clusterUnavailableReason();
  if (reason) throw new Error(`The PostgreSQL restart test was not run: ${reason}`);
  dropLeftovers();
  const version = newestVersion()!;
  const name = `${PREFIX}${process.pid}`;
  const port = await freePort(new Set(listClusters().map((c) => c.port)));
  const ctl = (...args: string[]) => run("pg_ctlcluster", ["--skip-systemctl-redirect", version, name, ...args]);
  await run("pg_createcluster", [version, name, "-p", String(port), "--start-conf=manual", "-o", "listen_addresses=localhost", "--", "--auth-host=trust", "--auth-local=trust"]);
  const cluster: Cluster = {
    version,
    name,
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    // Fast shutdown: what a restart for maintenance or an upgrade does to connected clients.
    stop: () => ctl("stop", "-m", "fast"),
    // pg_ctl waits until the server accepts connections.
    start: () => ctl("start"),
    drop: () => void spawnSync("pg_dropcluster", [version, name, "--stop"], { stdio: "ignore" }),
  };
  try {
    await cluster.start();
  } catch (e) {
    cluster.drop();
    throw e;
  }
  return cluster;
}
