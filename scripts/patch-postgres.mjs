// Runs after `npm install` (package.json "postinstall"): two fixes to postgres.js 3.4.9.
//
// 1. The write scheduler, which otherwise breaks recovery after the database restarts.
// postgres.js batches small writes behind a setImmediate and schedules one only while
// `nextWriteTimer` is null. When a socket closes with a write still buffered (the server shut
// down mid-transaction and the driver queued its ROLLBACK), closed()/terminate() cancel the
// immediate but leave `nextWriteTimer` set and the stale bytes in `chunk`. From then on that pool
// slot never flushes again: every reconnect buffers its startup message and times out
// (CONNECT_TIMEOUT every connect_timeout seconds, for as long as the process lives), and the
// cancelled immediate, when it did run first, threw "Cannot read properties of null (reading
// 'write')" outside any promise. Upstream: porsager/postgres#1066, #1154, #1168, #1208.
// tests/restart/pg-restart.test.ts restarts a server under load and fails without this.
//
// 2. The request a pooled connection is opened in. postgres.js opens a pool slot lazily, inside
// whichever query first needs it, so the socket, its TCP handle and its timers are created in
// that web request's async context and carry its AsyncLocalStorage stores (Next.js's request
// store, React's render) for as long as the connection lives. One such request held that way
// kept a hundred finished ones reachable through Next.js's per-request caches, and a probe of
// many distinct pages ended a 160 MB-heap server (docs/decisions, record 24). connect() now runs
// in the context lib/request-context.ts captured when the server started, outside any request;
// where nothing captured one (scripts, tests) it runs as before.
//
// Files are replaced, never edited in place: node_modules may be hard-linked to other checkouts.
import fs from "node:fs";
import path from "node:path";

const MARKER = "/* throughline: write-scheduler fix */";
const CONTEXT_MARKER = "/* throughline: connect outside requests */";
const PATCHED_VERSION = "3.4.9";
const root = path.join(import.meta.dirname, "..", "node_modules", "postgres");

const fixes = [{ marker: MARKER, edits: [
  {
    from: "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
    to: `  function nextWrite(fn) {\n    if (!socket) return (chunk = nextWriteTimer = null, false) ${MARKER}\n    const x = socket.write(chunk, fn)`,
    count: 1,
  },
  {
    from: "    clearImmediate(nextWriteTimer)\n",
    to: `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null ${MARKER}\n`,
    count: 2,
  },
] }, { marker: CONTEXT_MARKER, edits: [
  {
    from: "  async function connect() {\n",
    to: `  function connect() { ${CONTEXT_MARKER}\n    const outside = globalThis[Symbol.for('throughline.outsideRequests')]\n    return typeof outside === 'function' ? outside(connectHere) : connectHere()\n  }\n\n  async function connectHere() {\n`,
    count: 1,
  },
] }];

function patch(file) {
  const text = fs.readFileSync(file, "utf8");
  let out = text;
  for (const { marker, edits } of fixes) {
    if (out.includes(marker)) continue;
    for (const e of edits) {
      const found = out.split(e.from).length - 1;
      if (found !== e.count) throw new Error(`${file}: expected ${e.count} × ${JSON.stringify(e.from)}, found ${found}`);
      out = out.split(e.from).join(e.to);
    }
  }
  if (out === text) return "already patched";
  const tmp = `${file}.throughline-${process.pid}`;
  fs.writeFileSync(tmp, out);
  fs.renameSync(tmp, file);
  return "patched";
}

function main() {
  const pkg = path.join(root, "package.json");
  if (!fs.existsSync(pkg)) return; // not installed (yet): nothing to fix
  const { version } = JSON.parse(fs.readFileSync(pkg, "utf8"));
  if (version !== PATCHED_VERSION) {
    console.warn(`[patch-postgres] postgres.js is ${version}, this fix is for ${PATCHED_VERSION}: check whether upstream fixed the write scheduler and whether connect() still needs opening outside requests, then update or remove scripts/patch-postgres.mjs.`);
    return;
  }
  for (const dir of ["src", "cjs/src", "cf/src"]) {
    const file = path.join(root, dir, "connection.js");
    if (fs.existsSync(file)) console.log(`[patch-postgres] ${path.relative(process.cwd(), file)}: ${patch(file)}`);
  }
}

main();
