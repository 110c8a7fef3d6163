import { and, desc, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { sessions, users, type SessionRevokeReason } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { forbidden, notFound } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";
import type { Actor } from "./current-user";
import { liveSession, revokeSessions, SESSION_IDLE_MINUTES, type Clock } from "./sessions";

/**
 * Ends every session of a user and audits it (when there was any to end), inside the caller's
 * transaction: deactivation, a new password, "sign out everywhere" and an admin's "end
 * sessions" all come through here, so every revocation leaves its event.
 */
export async function endAllSessionsOf(
  tx: Executor,
  { user, reason, actorId, now }: { user: { id: string; email: string }; reason: Exclude<SessionRevokeReason, "signed_out">; actorId: string | null } & Clock,
): Promise<number> {
  const revoked = await revokeSessions(tx, { userId: user.id, reason, now });
  if (revoked.length === 0) return 0;
  const sessionsEnded = revoked.filter((s) => s.wasLive).length;
  await recordAudit(tx, {
    actorId,
    action: "auth.sessions_revoked",
    entityType: "session",
    entityId: user.id,
    after: { email: user.email.toLowerCase(), outcome: "revoked", revokeReason: reason, sessionsEnded },
  });
  return sessionsEnded;
}

/** Sign-out: ends this one session. Safe to call twice (the second call changes nothing). */
export async function endSession({ sessionId, now }: { sessionId: string } & Clock): Promise<boolean> {
  return inTransaction(async (tx) => {
    const [revoked] = await revokeSessions(tx, { sessionId, reason: "signed_out", now });
    if (!revoked) return false;
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, revoked.userId));
    await recordAudit(tx, {
      actorId: revoked.userId,
      action: "auth.signed_out",
      entityType: "session",
      entityId: revoked.userId,
      after: { email: user!.email.toLowerCase(), outcome: "success", sessionId, revokeReason: "signed_out" },
    });
    return true;
  });
}

/** "Sign out everywhere": the signed-in user ends all of their sessions, this one included. */
export async function signOutEverywhere({ actor, now }: { actor: Actor } & Clock): Promise<{ sessionsEnded: number }> {
  const sessionsEnded = await inTransaction((tx) => endAllSessionsOf(tx, { user: actor, reason: "signed_out_everywhere", actorId: actor.id, now }));
  return { sessionsEnded };
}

/** An admin ends all of a user's sessions (e.g. a lost laptop); the user must sign in again. */
export async function endUserSessions({ actor, userId, now }: { actor: Actor; userId: string } & Clock): Promise<{ sessionsEnded: number }> {
  if (!can(actor.role, "users.manage")) throw forbidden();
  const sessionsEnded = await inTransaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw notFound("That user");
    return endAllSessionsOf(tx, { user, reason: "ended_by_admin", actorId: actor.id, now });
  });
  return { sessionsEnded };
}

export type SessionRow = { id: string; createdAt: Date; lastSeenAt: Date; expiresAt: Date; idleExpiresAt: Date; userAgent: string };

const SHOWN_SESSIONS = 50;

/**
 * The live sessions of a user, most recently used first (one's own, or anyone's for an admin):
 * the first 50, and how many there are in all.
 */
export async function listSessions({ actor, userId, now }: { actor: Actor; userId: string } & Clock): Promise<{ sessions: SessionRow[]; total: number }> {
  if (userId !== actor.id && !can(actor.role, "users.manage")) throw forbidden();
  const db = await getDb();
  const rows = await db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), liveSession(now)))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt))
    .limit(SHOWN_SESSIONS);
  return {
    total: rows[0]?.total ?? 0,
    sessions: rows.map(({ total: _total, ...r }) => ({ ...r, idleExpiresAt: new Date(r.lastSeenAt.getTime() + SESSION_IDLE_MINUTES * 60_000) })),
  };
}
