import { z } from "zod";
import { env } from "@/lib/env";
import { pruneAuthRecords } from "@/lib/auth/housekeeping";
import { runOverdueDisputeSweep } from "@/lib/disputes/commands";
import { runFollowUpSweep } from "@/lib/follow-ups/sweep";
import { runSignalCheckIns } from "@/lib/goals/signal-check-ins";
import { runStaleGoalSweep } from "@/lib/goals/stale";
import { pruneIdempotencyKeys, runSignalRetention } from "@/lib/signals/commands";
import { sendDigests, sendNotificationEmail } from "@/lib/notifications/email";
import { pruneLinkRequests, sendLinkEmail } from "@/lib/users/email-links";
import { deliverWebhook, MAX_DELIVERY_ATTEMPTS, recoverWebhookDeliveries } from "@/lib/webhooks/deliver";

/**
 * Every background job: what it does with its data, how often it is scheduled (if it is), and how
 * often a failed run is tried again. pg-boss (PostgreSQL) and the in-process runner (PGlite) run
 * exactly these handlers with these settings (lib/jobs/pg-boss.ts, lib/jobs/local.ts).
 *
 * A handler must be safe to run twice for the same job (a worker can die after the effect and
 * before the queue hears it finished): each claims its rows with one UPDATE … RETURNING, so the
 * effect happens once whichever server runs it and however often it is retried.
 */
export type JobDefinition = {
  data: z.ZodType;
  run: (data: never) => Promise<unknown>;
  /** Scheduled every this many minutes (null: only when sent). */
  everyMinutes: () => number | null;
  /** Runs after the first before the job is given up. */
  retryLimit: number;
  /** Seconds before the first retry; doubled for each further one. */
  retryDelaySeconds: number;
};

const none = z.object({}).optional();
const sweepMinutes = () => env.STALE_SWEEP_MINUTES || null;

export const JOBS = {
  "goals.stale-sweep": { data: none, run: () => runStaleGoalSweep(), everyMinutes: sweepMinutes, retryLimit: 3, retryDelaySeconds: 30 },
  "disputes.overdue-sweep": { data: none, run: () => runOverdueDisputeSweep(), everyMinutes: sweepMinutes, retryLimit: 3, retryDelaySeconds: 30 },
  // Overdue follow-ups notify the owning head, then escalate to the CCOs (lib/follow-ups/sweep.ts).
  "follow-ups.overdue-sweep": { data: none, run: () => runFollowUpSweep(), everyMinutes: sweepMinutes, retryLimit: 3, retryDelaySeconds: 30 },
  "auth.prune": { data: none, run: () => pruneAuthRecords(), everyMinutes: sweepMinutes, retryLimit: 3, retryDelaySeconds: 30 },
  // A delivery tells the queue to retry by throwing; it counts its own attempts and gives up on the last.
  "webhooks.deliver": {
    data: z.object({ deliveryId: z.uuid() }),
    run: (d: { deliveryId: string }) => deliverWebhook(d.deliveryId),
    everyMinutes: () => null,
    retryLimit: MAX_DELIVERY_ATTEMPTS,
    retryDelaySeconds: 5,
  },
  "email.notification": {
    data: z.object({ notificationId: z.uuid() }),
    run: (d: { notificationId: string }) => sendNotificationEmail(d.notificationId),
    everyMinutes: () => null,
    retryLimit: 5,
    retryDelaySeconds: 30,
  },
  // An invite or a password link, emailed (its token is made as the job claims the link: lib/users/email-links.ts).
  "email.link": {
    data: z.object({ inviteId: z.uuid() }),
    run: (d: { inviteId: string }) => sendLinkEmail(d.inviteId),
    everyMinutes: () => null,
    retryLimit: 5,
    retryDelaySeconds: 10,
  },
  // Requests for password links older than a day no longer count towards the throttle; daily.
  "users.link-requests-prune": { data: none, run: () => pruneLinkRequests(), everyMinutes: () => 1440, retryLimit: 3, retryDelaySeconds: 300 },
  // Once a day (at midnight UTC on pg-boss; every 24 hours from start in-process).
  "email.digest": { data: none, run: () => sendDigests(), everyMinutes: () => 1440, retryLimit: 3, retryDelaySeconds: 300 },
  // Verbatim comments older than settings.signal_retention_months are removed (scores stay); daily.
  "signals.retention": { data: none, run: () => runSignalRetention(), everyMinutes: () => 1440, retryLimit: 3, retryDelaySeconds: 300 },
  // Goals bound to a customer-signal metric get an automatic check-in computed from the stage's signals; daily.
  "goals.signal-check-ins": { data: none, run: () => runSignalCheckIns(), everyMinutes: () => 1440, retryLimit: 3, retryDelaySeconds: 300 },
  // REST API idempotency keys older than IDEMPOTENCY_KEY_DAYS are forgotten; daily.
  "api.idempotency-prune": { data: none, run: () => pruneIdempotencyKeys(), everyMinutes: () => 1440, retryLimit: 3, retryDelaySeconds: 300 },
  // Deliveries whose job was lost (the embedded runner keeps its queue in memory) are sent again.
  "webhooks.recover": { data: none, run: () => recoverWebhookDeliveries(), everyMinutes: () => 1, retryLimit: 1, retryDelaySeconds: 30 },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/** Runs one job's handler with its data checked: what both runners call. */
export async function runJob(name: JobName, data: unknown): Promise<unknown> {
  const def: JobDefinition = JOBS[name];
  const parsed = def.data.parse(data ?? undefined) as never;
  return def.run(parsed);
}

/** Delay before retry number `retry` (1-based): the delay doubled for each earlier retry. */
export function retryDelayMs(name: JobName, retry: number): number {
  return JOBS[name].retryDelaySeconds * 1000 * 2 ** Math.max(0, retry - 1);
}
