import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { activeCcoIds, notifyUsers } from "@/lib/notifications";
import { getSettings } from "@/lib/settings";
import { addDays, endOfDay, todayIn } from "@/lib/time";
import { inTransaction } from "@/lib/tx";
import { plural } from "@/lib/format";

type StaleRow = { id: string; title: string; ownerId: string };

/**
 * Stale follow-up, safe to run from every app server at once: each step claims its goals with
 * one UPDATE … RETURNING, so each stale spell notifies the owner once and, a further stale
 * period later, escalates to the CCOs once. A check-in resets both (see recordCheckIn).
 * Days are the company's calendar days; `now` is for tests that need another moment.
 */
export async function runStaleGoalSweep({ now = new Date() }: { now?: Date } = {}): Promise<{ notified: number; escalated: number }> {
  await getDb();
  const { staleCheckInDays, timeZone } = await getSettings();
  const today = todayIn(timeZone, now);
  const at = sql`${now.toISOString()}::timestamptz`;
  // Escalate once the reminder is a whole stale period old: sent on or before that many days ago.
  const remindedBy = sql`${endOfDay(addDays(today, -staleCheckInDays), timeZone).toISOString()}::timestamptz`;
  return inTransaction(async (tx) => {
    const lastActivity = sql`coalesce((select max(ci.measured_on) from check_ins ci where ci.goal_id = g.id), g.start_date)`;
    const notified = resultRows<StaleRow>(
      await tx.execute(sql`
        update goals g set stale_notified_at = ${at}
        where g.status = 'active' and g.stale_notified_at is null
          and ${today}::date - ${lastActivity} > ${staleCheckInDays}
        returning g.id, g.title, g.owner_id as "ownerId"`),
    );
    for (const g of notified) {
      await notifyUsers(tx, [g.ownerId], { kind: "goal_stale", title: `“${g.title}” needs a check-in`, body: `No check-in for more than ${plural(staleCheckInDays, "day")}.`, link: `/goals/${g.id}` });
    }
    const escalated = resultRows<StaleRow>(
      await tx.execute(sql`
        update goals g set stale_escalated_at = ${at}
        where g.status = 'active' and g.stale_escalated_at is null and g.stale_notified_at is not null
          and g.stale_notified_at < ${remindedBy}
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
