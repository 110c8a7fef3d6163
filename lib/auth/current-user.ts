import { cache } from "react";
import { cookies, headers } from "next/headers";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, sessions, users } from "@/db/schema";
import type { Role } from "@/lib/permissions";
import { authSecret } from "./secret";
import { sessionIdFromCookies } from "./session-cookie";
import { clockSql, lastSeenDue, liveSession, SESSION_ID_PATTERN, type Clock } from "./sessions";

export type Actor = {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  /** A service API token acting for an integration: no person, so nothing is written as theirs. */
  service?: true;
};

/** The person behind an actor, for "created by" and the audit's actor: none for a service token. */
export const personOf = (actor: Pick<Actor, "id" | "service">): string | null => (actor.service ? null : actor.id);

const actorColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  departmentId: users.departmentId,
  departmentName: departments.name,
};

/** Loads an active user as an actor; null when missing or deactivated. */
export async function loadActor(userId: string): Promise<Actor | null> {
  const db = await getDb();
  const [row] = await db
    .select(actorColumns)
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row || !row.active) return null;
  const { active: _active, ...actor } = row;
  return actor;
}

export type CurrentSession = { sessionId: string; actor: Actor };

/**
 * The session with this id and its user, if the session is live (not revoked, not idle too
 * long, not past its lifetime) and the user active; else null. One read per request, plus a
 * write of last_seen_at at most once a minute.
 */
export async function resolveSession(sessionId: string, { now }: Clock = {}): Promise<CurrentSession | null> {
  if (!SESSION_ID_PATTERN.test(sessionId)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ ...actorColumns, live: sql<boolean>`${liveSession(now)}`, touch: sql<boolean>`${lastSeenDue(now)}` })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(sessions.id, sessionId))
    .limit(1);
  if (!row || !row.live || !row.active) return null;
  if (row.touch) {
    await db
      .update(sessions)
      .set({ lastSeenAt: clockSql(now) })
      .where(and(eq(sessions.id, sessionId), lastSeenDue(now)));
  }
  const { active: _active, live: _live, touch: _touch, ...actor } = row;
  return { sessionId, actor };
}

/**
 * The signed-in session, checked against the database on every request (once per request
 * thanks to React's cache). The cookie names the session and nothing else: a revoked or
 * expired session, or a deactivated user, is out on the next request; a role change applies.
 * The cookie is decrypted directly (session-cookie.ts), not through Auth.js's `auth()`, which
 * would also mint a CSRF token and re-encrypt a cookie nobody sends.
 */
export const currentSession = cache(async (): Promise<CurrentSession | null> => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const sessionId = await sessionIdFromCookies(cookieStore.getAll(), headerStore, authSecret());
  if (!sessionId) return null;
  return resolveSession(sessionId);
});

/** The signed-in user (see currentSession). */
export const currentUser = cache(async (): Promise<Actor | null> => (await currentSession())?.actor ?? null);
