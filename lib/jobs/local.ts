import { JOB_NAMES, JOBS, retryDelayMs, runJob, type JobName } from "./definitions";
import type { JobRunner } from "./runner";

type Pending = { name: JobName; data: object; retry: number; runAt: number };

export type LocalRunner = JobRunner & {
  /** Runs every job that is due now or becomes due while running, until none is left (tests). */
  drain(): Promise<void>;
};

/**
 * The embedded (PGlite) start's queue: the same handlers with the same retry and schedule
 * settings as pg-boss, run in this process. Only one process may open the embedded database, so
 * there is no other server to share work with. Its queue lives in memory: a job lost to a restart
 * is either periodic (it runs at the next slot) or a webhook delivery, which `webhooks.recover`
 * finds again from its row (pending, due) a minute later at most; every handler's effect is
 * claimed in the database, so running a job again does nothing twice.
 */
export function startLocalRunner({ work = true, schedule = true }: { work?: boolean; schedule?: boolean } = {}): LocalRunner {
  const queue: Pending[] = [];
  const timers: NodeJS.Timeout[] = [];
  let wake: (() => void) | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const inFlight = new Set<Promise<void>>();

  const push = (job: Pending) => {
    queue.push(job);
    wake?.();
  };

  async function runOne(job: Pending): Promise<void> {
    try {
      await runJob(job.name, job.data);
    } catch (e) {
      if (job.retry < JOBS[job.name].retryLimit) {
        const retry = job.retry + 1;
        push({ ...job, retry, runAt: Date.now() + retryDelayMs(job.name, retry) });
      } else {
        console.error(`[jobs] ${job.name} failed after ${job.retry + 1} attempts`, e);
      }
    }
  }

  /** Takes the due jobs one at a time (PGlite has one connection: nothing is gained in parallel). */
  async function runDue(): Promise<boolean> {
    let ran = false;
    for (;;) {
      const now = Date.now();
      const i = queue.findIndex((j) => j.runAt <= now);
      if (i < 0) return ran;
      const [job] = queue.splice(i, 1);
      const p = runOne(job!);
      inFlight.add(p);
      await p.finally(() => inFlight.delete(p));
      ran = true;
    }
  }

  async function loop() {
    while (!stopped) {
      await runDue();
      const next = queue.reduce((m, j) => Math.min(m, j.runAt), Infinity);
      await new Promise<void>((resolve) => {
        wake = resolve;
        const t = setTimeout(resolve, Number.isFinite(next) ? Math.max(0, next - Date.now()) : 60_000);
        t.unref();
      });
      wake = undefined;
    }
  }

  if (work) {
    running = loop();
    if (schedule) {
      for (const name of JOB_NAMES) {
        const minutes = JOBS[name].everyMinutes();
        if (!minutes) continue;
        // The first run a little after start (not during it), then every period.
        timers.push(setTimeout(() => push({ name, data: {}, retry: 0, runAt: 0 }), 30_000).unref());
        timers.push(setInterval(() => push({ name, data: {}, retry: 0, runAt: 0 }), minutes * 60_000).unref());
      }
    }
  }

  return {
    kind: "local",
    async enqueue(_tx, name, data) {
      push({ name, data, retry: 0, runAt: 0 });
    },
    async send(name, data) {
      push({ name, data, retry: 0, runAt: 0 });
    },
    async drain() {
      for (;;) {
        await Promise.all([...inFlight]);
        if (!(await runDue()) && !inFlight.size) return;
      }
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      wake?.();
      await running;
    },
  };
}
