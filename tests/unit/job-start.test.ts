import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobRunner } from "@/lib/jobs/runner";

// A server whose queue cannot start at boot (its database still down) must not go without jobs
// until its next restart: it tries again, later and later.

const getDb = vi.fn<() => Promise<unknown>>();
const runner: JobRunner = { kind: "local", enqueue: async () => {}, send: async () => {}, stop: async () => {} };

vi.mock("@/db/client", () => ({ getDb: () => getDb() }));
vi.mock("@/lib/env", () => ({ env: { DATABASE_URL: undefined, JOBS_WORKER: false } }));
vi.mock("@/lib/jobs/local", () => ({ startLocalRunner: () => runner }));
vi.mock("@/lib/jobs/pg-boss", () => ({ startPgBoss: async () => runner }));

const { startBackgroundJobs } = await import("@/lib/jobs");
const { runnerHolder } = await import("@/lib/jobs/runner");

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, "error").mockImplementation(() => {});
  getDb.mockReset();
  runnerHolder.runner = undefined;
  runnerHolder.starting = undefined;
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const down = () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));

describe("startBackgroundJobs", () => {
  it("starts the queue once, however many ask", async () => {
    getDb.mockResolvedValue({});
    const [a, b] = await Promise.all([startBackgroundJobs(), startBackgroundJobs()]);
    expect(a).toBe(runner);
    expect(b).toBe(runner);
    expect(getDb).toHaveBeenCalledTimes(1);
    expect(runnerHolder.runner).toBe(runner);
  });

  it("with retryMs, tries again after that long, doubling, until the database answers", async () => {
    getDb.mockImplementationOnce(down).mockImplementationOnce(down).mockResolvedValue({});
    expect(await startBackgroundJobs({ retryMs: 15_000 })).toBeUndefined();
    expect(runnerHolder.runner).toBeUndefined();

    await vi.advanceTimersByTimeAsync(14_999);
    expect(getDb).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(getDb).toHaveBeenCalledTimes(2);
    expect(runnerHolder.runner).toBeUndefined();

    // The second failure waits twice as long.
    await vi.advanceTimersByTimeAsync(29_999);
    expect(getDb).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(getDb).toHaveBeenCalledTimes(3);
    expect(runnerHolder.runner).toBe(runner);

    // Started: nothing more is scheduled.
    await vi.advanceTimersByTimeAsync(600_000);
    expect(getDb).toHaveBeenCalledTimes(3);
  });

  it("without retryMs (the worker), gives up at once and says so", async () => {
    getDb.mockImplementation(down);
    expect(await startBackgroundJobs()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(getDb).toHaveBeenCalledTimes(1);
    expect(runnerHolder.starting).toBeUndefined();
  });
});
