import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { activeCcoIds, notifyUsers } from "@/lib/notifications";
import { getSettings } from "@/lib/settings";
import { inTransaction } from "@/lib/tx";

type StaleRow = { id: string; title: string; ownerId: string };

/**
 * Stale follow-up, safe to run from every app server at once: each step claims its goals with
 * one UPDATE … RETURNING, so each stale spell notifies the owner once and, a further stale
 * period later, escalates to the CCOs once. A check-in resets both (see recordCheckIn).
 */
export async function runStaleGoalSweep(): Promise<{ notified: number; escalated: number }> {
  await getDb();
  const { staleCheckInDays } = await getSettings();
  return inTransaction(async (tx) => {
    const lastActivity = sql`coalesce((select max(ci.measured_on) from check_ins ci where ci.goal_id = g.id), g.start_date)`;
    const notified = resultRows<StaleRow>(
      await tx.execute(sql`
        update goals g set stale_notified_at = now()
        where g.status = 'active' and g.stale_notified_at is null
          and (now() at time zone 'UTC')::date - ${lastActivity} > ${staleCheckInDays}
        returning g.id, g.title, g.owner_id as "ownerId"`),
    );
    for (const g of notified) {
      await notifyUsers(tx, [g.ownerId], { kind: "goal_stale", title: `“${g.title}” needs a check-in`, body: `No check-in for more than ${staleCheckInDays} days.`, link: `/goals/${g.id}` });
    }
    const escalated = resultRows<StaleRow>(
      await tx.execute(sql`
        update goals g set stale_escalated_at = now()
        where g.status = 'active' and g.stale_escalated_at is null and g.stale_notified_at is not null
          and g.stale_notified_at < now() - make_interval(days => ${staleCheckInDays})
        returning g.id, g.title, g.owner_id as "ownerId"`),
    );
    if (escalated.length) {
      const ccos = await activeCcoIds(tx);
      for (const g of escalated) {
        await notifyUsers(tx, ccos, { kind: "goal_stale_escalated", title: `“${g.title}” has been stale for two periods`, body: "Its owner was reminded and no check-in followed.", link: `/goals/${g.id}` });
      }
    }
    return { notified: notified.length, escalated: escalated.length };
  });
}
