import { AsyncLocalStorage } from "node:async_hooks";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type DbHandle } from "@/db/client";
import { captureOutsideRequests } from "@/lib/request-context";
import { testDatabaseUrl, usingPostgres, useTestDatabase } from "../helpers/db";
import { collected } from "../helpers/gc";

// postgres.js opens a pool slot inside whichever query first needs one. Opened in a web
// request's async context, the socket's TCP handle carried that request's stores for as long as
// the connection lived, and each finished request held that way kept others reachable (a probe of
// many distinct pages ended a 160 MB-heap server). scripts/patch-postgres.mjs runs connect() in
// the context instrumentation.ts captures at the server's start; this file captures it the same
// way, at its top, outside any request. The leak is about real sockets, so PostgreSQL only.
beforeAll(() => {
  if (!usingPostgres) throw new Error("The race suite needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project \"race\").");
});

captureOutsideRequests();
useTestDatabase();
const request = new AsyncLocalStorage<{ path: string; body: Uint8Array }>();
let pool: DbHandle;

beforeAll(() => {
  pool = openPostgres(testDatabaseUrl()!, 2);
});

afterAll(async () => {
  await pool?.close();
});

const backendPid = async () => ((await pool.db.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[])[0]!.pid;

describe("a pooled connection opened during a request", () => {
  it("does not keep that request once it has finished, while the connection stays in the pool", async () => {
    const { ref, pid } = await (async () => {
      const store = { path: "/dashboard", body: new Uint8Array(1 << 20) };
      const pid = await request.run(store, backendPid);
      return { ref: new WeakRef(store), pid };
    })();
    expect(await collected(ref)).toBe(true);
    // Same slot, still open: the pool reused it rather than the test closing it.
    const again = await Promise.all([backendPid(), backendPid()]);
    expect(again).toContain(pid);
  });

  it("still answers each request's queries in that request's own context", async () => {
    const seen = await Promise.all(
      ["/a", "/b", "/c", "/d"].map((path) =>
        request.run({ path, body: new Uint8Array(1) }, async () => {
          await pool.db.execute(sql`select pg_sleep(0.05)`);
          const afterFirst = request.getStore()?.path;
          await pool.db.execute(sql`select 1`);
          return [afterFirst, request.getStore()?.path];
        }),
      ),
    );
    expect(seen).toEqual([["/a", "/a"], ["/b", "/b"], ["/c", "/c"], ["/d", "/d"]]);
  });
});
