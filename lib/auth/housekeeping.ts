import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { inTransaction } from "@/lib/tx";
import { SESSION_ABSOLUTE_HOURS, clockSql, type Clock } from "./sessions";
import { SIGN_IN_IP_WINDOW_MINUTES, SIGN_IN_WINDOW_MINUTES } from "./throttle";

// Rows of ended sessions stay this long after they ended, so "where you were signed in" and an
// investigation of a revoked session have something to show; after that they are only weight.
export const ENDED_SESSION_RETENTION_DAYS = 30;

/**
 * Deletes what the sign-in machinery no longer needs: sessions that ended (revoked, or past their
 * absolute lifetime, which also bounds the idle timeout) more than the retention period ago, and
 * sign-in attempts older than both throttle windows (they can no longer count towards a lock).
 * The audit log keeps every sign-in, sign-out and revocation; this touches neither it nor a live
 * session. Safe on several servers at once: each DELETE is idempotent.
 */
export async function pruneAuthRecords({ now }: Clock = {}): Promise<{ sessions: number; attempts: number }> {
  await getDb();
  const t = clockSql(now);
  return inTransaction(async (tx) => {
    const ended = resultRows<{ n: number }>(
      await tx.execute(sql`
        with gone as (
          delete from sessions
          where (revoked_at is not null and revoked_at < ${t} - make_interval(days => ${ENDED_SESSION_RETENTION_DAYS}::int))
             or created_at < ${t} - make_interval(hours => ${SESSION_ABSOLUTE_HOURS}::int, days => ${ENDED_SESSION_RETENTION_DAYS}::int)
          returning 1)
        select count(*)::int as n from gone`),
    );
    const windowMinutes = Math.max(SIGN_IN_WINDOW_MINUTES, SIGN_IN_IP_WINDOW_MINUTES);
    const attempts = resultRows<{ n: number }>(
      await tx.execute(sql`
        with gone as (
          delete from sign_in_failures where attempted_at < ${t} - make_interval(mins => ${windowMinutes}::int, days => 1)
          returning 1)
        select count(*)::int as n from gone`),
    );
    return { sessions: ended[0]?.n ?? 0, attempts: attempts[0]?.n ?? 0 };
  });
}
