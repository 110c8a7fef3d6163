import { sql } from "drizzle-orm";
import { resultRows, type Tx } from "@/db/client";
import { followUpEvents } from "@/db/schema";
import { activeCcoIds, departmentHeadIds, notifyUsers } from "@/lib/notifications";
import { inTransaction } from "@/lib/tx";

type Claimed = { id: string; departmentId: string | null; stageName: string };

const link = (id: string) => `/follow-ups/${id}`;

/**
 * Overdue follow-ups, in two steps (the job "follow-ups.overdue-sweep"):
 * 1. a follow-up not closed by its due time notifies its department's head once
 *    (overdue_notified_at; the CCOs when the stage has no owner);
 * 2. one still not closed a further service level (settings.follow_up_sla_days) after its due
 *    time is escalated to the CCOs once (escalated_at) — never in the same run as step 1.
 * Each claims its rows with one UPDATE … RETURNING, so two servers or a retried job never
 * notify twice; each step is written in the follow-up's history.
 */
export async function runFollowUpSweep(): Promise<{ notified: number; escalated: number }> {
  return inTransaction(async (tx) => {
    const notified = await claim(
      tx,
      sql`overdue_notified_at = now()`,
      sql`f.status <> 'closed' and f.due_at < now() and f.overdue_notified_at is null`,
    );
    // overdue_notified_at < now(): notified by an earlier run, not by step 1 of this one.
    const escalated = await claim(
      tx,
      sql`escalated_at = now()`,
      sql`f.status <> 'closed' and f.escalated_at is null and f.overdue_notified_at < now()
        and f.due_at + make_interval(days => (select follow_up_sla_days from settings where id = 1)) < now()`,
    );
    if (notified.length) {
      await tx.insert(followUpEvents).values(notified.map((f) => ({ followUpId: f.id, kind: "overdue_notified" as const, note: "Passed its service level; the owning department's head was told." })));
      const ccos = notified.some((f) => !f.departmentId) ? await activeCcoIds(tx) : [];
      for (const f of notified) {
        const to = f.departmentId ? await departmentHeadIds(tx, [f.departmentId]) : ccos;
        await notifyUsers(tx, to, { kind: "follow_up_overdue", title: `Overdue follow-up on "${f.stageName}"`, body: "It has passed its service level without being closed.", link: link(f.id) });
      }
    }
    if (escalated.length) {
      await tx.insert(followUpEvents).values(escalated.map((f) => ({ followUpId: f.id, kind: "escalated" as const, note: "Still not closed a further service level after it was due; escalated to the CCO." })));
      const ccos = await activeCcoIds(tx);
      for (const f of escalated) {
        await notifyUsers(tx, ccos, { kind: "follow_up_escalated", title: `Escalated: the follow-up on "${f.stageName}" is long overdue`, body: "It stayed open a further service level after it was due.", link: link(f.id) });
      }
    }
    return { notified: notified.length, escalated: escalated.length };
  });
}

async function claim(tx: Tx, set: ReturnType<typeof sql>, where: ReturnType<typeof sql>): Promise<Claimed[]> {
  const res = await tx.execute(sql`
    with claimed as (
      update follow_ups f set ${set} where ${where}
      returning f.id, f.department_id, f.stage_id
    )
    select c.id, c.department_id as "departmentId", s.name as "stageName"
    from claimed c join stages s on s.id = c.stage_id
    order by s.name, c.id`);
  return resultRows<Claimed>(res);
}
