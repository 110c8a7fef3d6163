import { eq, sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { apiTokens, departments, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { serviceActorRole, type TokenGrant } from "@/lib/permissions";
import { hashTokenSecret, TOKEN_PATTERN } from "./secret";

export type ApiPrincipal = {
  tokenId: string;
  kind: "personal" | "service";
  grant: TokenGrant;
  /** Who the queries and commands see: the token's user, or the service actor. */
  actor: Actor;
};

/**
 * The principal a bearer secret stands for, or null when it is not a live token: unknown,
 * revoked, expired, or a personal token whose user is deactivated. Read from the database on
 * every request, like a session, so revocation, expiry, deactivation and role changes apply at once.
 */
export async function authenticateToken(secret: string): Promise<ApiPrincipal | null> {
  if (!TOKEN_PATTERN.test(secret)) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      id: apiTokens.id,
      kind: apiTokens.kind,
      name: apiTokens.name,
      readOnly: apiTokens.readOnly,
      scopes: apiTokens.scopes,
      live: sql<boolean>`(${apiTokens.revokedAt} is null and (${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > now()))`,
      userId: users.id,
      email: users.email,
      userName: users.name,
      role: users.role,
      active: users.active,
      departmentId: users.departmentId,
      departmentName: departments.name,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(apiTokens.tokenHash, hashTokenSecret(secret)))
    .limit(1);
  if (!row || !row.live) return null;
  if (row.kind === "personal") {
    if (!row.userId || !row.active || !row.role || !row.email || !row.userName) return null;
    return {
      tokenId: row.id,
      kind: "personal",
      grant: { kind: "personal", role: row.role, readOnly: row.readOnly },
      actor: { id: row.userId, email: row.email, name: row.userName, role: row.role, departmentId: row.departmentId, departmentName: row.departmentName },
    };
  }
  const role = serviceActorRole(row.scopes);
  if (!role) return null;
  return {
    tokenId: row.id,
    kind: "service",
    grant: { kind: "service", scopes: row.scopes },
    // A service actor is no person: its id is the token's, so nothing reads it as someone's own.
    actor: { id: row.id, email: "", name: `Service token “${row.name}”`, role, departmentId: null, departmentName: null, service: true },
  };
}

export type RateVerdict = { allowed: true; remaining: number; limit: number; resetSeconds: number } | { allowed: false; retryAfterSeconds: number; limit: number };

/**
 * Counts one request of the token in the current one-minute window (fixed windows, one row per
 * token and minute, an atomic upsert: correct under concurrency and across app servers) and
 * records the token's last use. A new window deletes the token's older ones.
 */
export async function countApiRequest(tokenId: string, { limit = env.API_RATE_LIMIT_PER_MINUTE }: { limit?: number } = {}): Promise<RateVerdict> {
  const db = await getDb();
  const result = await db.execute(sql`
    with hit as (
      insert into api_rate_windows (token_id, window_start, hits)
      values (${tokenId}, date_trunc('minute', now()), 1)
      on conflict (token_id, window_start) do update set hits = api_rate_windows.hits + 1
      returning hits, ceil(extract(epoch from (window_start + interval '1 minute' - clock_timestamp())))::int as reset
    ), used as (
      update api_tokens set last_used_at = now() where id = ${tokenId}
    )
    select hits, reset from hit`);
  const [row] = resultRows<{ hits: number; reset: number }>(result);
  const hits = Number(row?.hits ?? 1);
  const reset = Math.max(1, Number(row?.reset ?? 60));
  if (hits === 1) await db.execute(sql`delete from api_rate_windows where token_id = ${tokenId} and window_start < date_trunc('minute', now())`);
  if (hits > limit) return { allowed: false, retryAfterSeconds: reset, limit };
  return { allowed: true, remaining: limit - hits, limit, resetSeconds: reset };
}
