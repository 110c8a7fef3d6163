import { afterEach, describe, expect, it } from "vitest";
import type { Executor } from "@/db/client";
import { enqueueJob, runnerHolder, type JobRunner } from "@/lib/jobs/runner";

// An action can reach a server whose queue is still starting (instrumentation starts it without
// waiting). Its job, queued in the action's transaction, must wait for the queue, not vanish:
// a notification email has no recovery sweep.

const tx = {} as Executor;

function fakeRunner() {
  const queued: { name: string; data: object }[] = [];
  const runner: JobRunner = {
    kind: "local",
    enqueue: async (_tx, name, data) => void queued.push({ name, data }),
    send: async () => {},
    stop: async () => {},
  };
  return { runner, queued };
}

afterEach(() => {
  runnerHolder.runner = undefined;
  runnerHolder.starting = undefined;
});

describe("enqueueJob", () => {
  it("queues on the running queue", async () => {
    const { runner, queued } = fakeRunner();
    runnerHolder.runner = runner;
    await enqueueJob(tx, "email.notification", { notificationId: "n1" });
    expect(queued).toEqual([{ name: "email.notification", data: { notificationId: "n1" } }]);
  });

  it("waits for a queue that is still starting, then queues on it", async () => {
    const { runner, queued } = fakeRunner();
    let started!: (r: JobRunner) => void;
    runnerHolder.starting = new Promise<JobRunner | undefined>((resolve) => (started = resolve));
    const pending = enqueueJob(tx, "email.notification", { notificationId: "n2" });
    await Promise.resolve();
    expect(queued).toEqual([]);
    runnerHolder.runner = runner;
    started(runner);
    await pending;
    expect(queued).toEqual([{ name: "email.notification", data: { notificationId: "n2" } }]);
  });

  it("queues nothing, and does not fail, in a process without a queue", async () => {
    await expect(enqueueJob(tx, "email.notification", { notificationId: "n3" })).resolves.toBeUndefined();
  });
});
