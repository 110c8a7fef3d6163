import crypto from "node:crypto";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { sessions, type SessionRevokeReason } from "@/db/schema";
import { env } from "@/lib/env";

// Server-side sessions (OWASP ASVS 7.4): a session ends when it is revoked, when it has seen no
// request for SESSION_IDLE_MINUTES, or SESSION_ABSOLUTE_HOURS after sign-in, whichever comes
// first, checked on every request against the database (nothing is trusted from the cookie
// but the token that names the session).
export const SESSION_IDLE_MINUTES = env.SESSION_IDLE_MINUTES;
export const SESSION_ABSOLUTE_HOURS = env.SESSION_ABSOLUTE_HOURS;
// last_seen_at is written at most once a minute per session, not on every request, so the
// idle timeout is accurate to about a minute.
export const LAST_SEEN_RESOLUTION_SECONDS = 60;

export const SESSION_ID_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Times come from the database's clock, so several app servers agree on them; tests pass `now`
 * to move the clock instead of sleeping.
 */
export type Clock = { now?: Date };
export const clockSql = (now?: Date): SQL => (now ? sql`${now.toISOString()}::timestamptz` : sql`now()`);

/** The stored id of a session: the SHA-256 of the token its cookie carries. */
export function sessionIdOf(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** Not past the idle timeout nor the absolute lifetime at `now` (revocation aside). */
export function unexpired(now?: Date): SQL {
  const t = clockSql(now);
  return sql`(${sessions.expiresAt} > ${t}
    and ${sessions.createdAt} > ${t} - make_interval(hours => ${SESSION_ABSOLUTE_HOURS}::int)
    and ${sessions.lastSeenAt} > ${t} - make_interval(mins => ${SESSION_IDLE_MINUTES}::int))`;
}

export function liveSession(now?: Date): SQL {
  return sql`(${sessions.revokedAt} is null and ${unexpired(now)})`;
}

/** A session seen longer ago than the last-seen resolution: its last_seen_at is due a write. */
export function lastSeenDue(now?: Date): SQL {
  return sql`${sessions.lastSeenAt} < ${clockSql(now)} - make_interval(secs => ${LAST_SEEN_RESOLUTION_SECONDS}::int)`;
}

/** Starts a session; the token goes into the cookie, only its hash into the database. */
export async function createSession(
  tx: Executor,
  { userId, userAgent, now }: { userId: string; userAgent?: string | null } & Clock,
): Promise<{ token: string; sessionId: string }> {
  const token = crypto.randomBytes(32).toString("base64url");
  const sessionId = sessionIdOf(token);
  const t = clockSql(now);
  await tx.insert(sessions).values({
    id: sessionId,
    userId,
    userAgent: (userAgent ?? "").slice(0, 400),
    createdAt: t,
    lastSeenAt: t,
    expiresAt: sql`${t} + make_interval(hours => ${SESSION_ABSOLUTE_HOURS}::int)`,
  });
  return { token, sessionId };
}

export type RevokedSession = { id: string; userId: string; wasLive: boolean };

/**
 * Revokes one session or all of a user's: every row not yet revoked, even one that has already
 * timed out (a longer timeout configured later must not bring it back). Call it inside the
 * transaction that audits the revocation.
 */
export async function revokeSessions(
  tx: Executor,
  { sessionId, userId, reason, now }: ({ sessionId: string; userId?: undefined } | { userId: string; sessionId?: undefined }) & { reason: SessionRevokeReason } & Clock,
): Promise<RevokedSession[]> {
  const which = sessionId ? eq(sessions.id, sessionId) : eq(sessions.userId, userId!);
  return tx
    .update(sessions)
    .set({ revokedAt: clockSql(now), revokeReason: reason })
    .where(and(which, isNull(sessions.revokedAt)))
    .returning({ id: sessions.id, userId: sessions.userId, wasLive: sql<boolean>`${unexpired(now)}` });
}
