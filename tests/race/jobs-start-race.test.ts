import { beforeAll, describe, expect, it } from "vitest";
import { startPgBoss } from "@/lib/jobs/pg-boss";
import type { JobRunner } from "@/lib/jobs/runner";
import { testDatabaseUrl, usingPostgres, useTestDatabase } from "../helpers/db";

// Servers and workers often start together (a deploy restarts them all). Each one's queue start
// creates pg-boss's schema if needed, grants the runtime role what it needs and creates the
// queues; one that fails here works no jobs until its next restart. Concurrent GRANTs on one
// object fail in PostgreSQL with "tuple concurrently updated", so the starts must not race.

beforeAll(() => {
  if (!usingPostgres) throw new Error("The race suite needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project \"race\").");
});

const db = useTestDatabase();

describe("job queues starting at the same moment", () => {
  it("six at once all start, round after round", async () => {
    expect(db()).toBeDefined();
    const url = testDatabaseUrl()!;
    const failures: string[] = [];
    for (let round = 0; round < 6; round++) {
      const settled = await Promise.allSettled(Array.from({ length: 6 }, () => startPgBoss({ url, work: false })));
      const started = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
      for (const s of settled) if (s.status === "rejected") failures.push(`round ${round + 1}: ${String((s.reason as Error)?.message ?? s.reason)}`);
      await Promise.all(started.map((r: JobRunner) => r.stop()));
    }
    expect(failures).toEqual([]);
  });
});
