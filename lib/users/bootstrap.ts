import { and, count, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { conflict } from "@/lib/errors";
import { rolesWith } from "@/lib/permissions";
import { INVITE_TTL_DAYS, invitePath, newInviteToken } from "./invites";
import { invites } from "@/db/schema";
import { userSnapshot } from "./snapshot";

/**
 * Production start: there is no default password, so the first admin is created from the
 * command line and receives a one-time link to choose one. Refused once an admin exists.
 * With passwords off (AUTH_SSO_ONLY) there is no link: the admin signs in with single sign-on
 * and is matched by their verified email (`passwordLink: false`, invitePath null).
 */
export async function bootstrapAdmin({ email, name, passwordLink = true }: { email: string; name: string; passwordLink?: boolean }): Promise<{ invitePath: string | null }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7384114)`);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(users)
      .where(and(inArray(users.role, rolesWith("users.manage")), eq(users.active, true)));
    if (n > 0) throw conflict("An active admin already exists; sign in as them to add more.");
    const [user] = await tx.insert(users).values({ email, name, role: "admin" }).returning();
    await recordAudit(tx, { actorId: null, action: "user.created", entityType: "user", entityId: user!.id, after: userSnapshot(user!), reason: "First admin created from the command line" });
    if (!passwordLink) return { invitePath: null };
    const { token, tokenHash } = newInviteToken();
    await tx.insert(invites).values({ userId: user!.id, tokenHash, expiresAt: sql`now() + make_interval(days => ${INVITE_TTL_DAYS})` });
    await recordAudit(tx, { actorId: null, action: "user.invite_issued", entityType: "user", entityId: user!.id });
    return { invitePath: invitePath(token) };
  });
}
