import { env } from "@/lib/env";
import { runOverdueDisputeSweep } from "@/lib/disputes/commands";
import { runStaleGoalSweep } from "@/lib/goals/stale";
import { pruneAuthRecords } from "@/lib/auth/housekeeping";

const started = globalThis as { __throughlineJobs?: boolean };

/**
 * Periodic work of each app server. Every job is safe to run on several servers at once
 * (it claims its rows atomically), so no leader election is needed.
 */
export function startBackgroundJobs() {
  if (started.__throughlineJobs || env.STALE_SWEEP_MINUTES === 0) return;
  started.__throughlineJobs = true;
  const run = async () => {
    await runStaleGoalSweep().catch((e: unknown) => console.error("[jobs] stale goal sweep failed", e));
    await runOverdueDisputeSweep().catch((e: unknown) => console.error("[jobs] overdue dispute sweep failed", e));
    await pruneAuthRecords().catch((e: unknown) => console.error("[jobs] pruning ended sessions failed", e));
  };
  setTimeout(() => void run(), 30_000).unref();
  setInterval(() => void run(), env.STALE_SWEEP_MINUTES * 60_000).unref();
}
