import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { departments, invites, signInFailures, users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import { flagOrphanedStages } from "@/lib/ownership/commands";
import { conflict, forbidden, invalid, notFound, pgConstraint, pgErrorCode } from "@/lib/errors";
import { can, type Role } from "@/lib/permissions";
import { hashInviteToken, INVITE_TTL_DAYS, invitePath, newInviteToken } from "./invites";
import type { CreateUserInput, UpdateUserInput } from "./schemas";
import { userSnapshot } from "./snapshot";

function requireUserAdmin(actor: Actor) {
  if (!can(actor.role, "users.manage")) throw forbidden();
}

async function lockUser(tx: Tx, userId: string): Promise<User> {
  const [row] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!row) throw notFound("That user");
  return row;
}

async function requireLiveDepartment(tx: Tx, departmentId: string | null) {
  if (!departmentId) return;
  const [dep] = await tx.select().from(departments).where(eq(departments.id, departmentId));
  if (!dep) throw invalid("Please correct the highlighted fields.", { departmentId: ["That department does not exist."] });
  if (dep.archived) {
    throw invalid("Please correct the highlighted fields.", {
      departmentId: [`${dep.name} is archived; choose a current department.`],
    });
  }
}

/**
 * The organisation must always keep one active admin, or nobody could manage users again.
 * The active admins are locked first, so two admins demoting each other at the same moment
 * cannot both succeed.
 */
async function assertNotLastAdmin(tx: Tx, target: User, next: { role: Role; active: boolean }) {
  const staysAdmin = next.role === "admin" && next.active;
  if (target.role !== "admin" || !target.active || staysAdmin) return;
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true)))
    .for("update");
  if (admins.length <= 1) {
    throw conflict(
      next.active
        ? "This is the last active admin; make someone else an admin before changing this role."
        : "This is the last active admin; make someone else an admin before deactivating them.",
    );
  }
}

function emailTaken(e: unknown): boolean {
  return pgErrorCode(e) === "23505" && pgConstraint(e) === "users_email_lower_uq";
}

async function insertInvite(tx: Tx, userId: string, createdById: string) {
  const { token, tokenHash } = newInviteToken();
  // A new link replaces any older unused one.
  await tx
    .update(invites)
    .set({ usedAt: sql`now()` })
    .where(and(eq(invites.userId, userId), isNull(invites.usedAt)));
  await tx.insert(invites).values({
    userId,
    tokenHash,
    createdById,
    expiresAt: sql`now() + make_interval(days => ${INVITE_TTL_DAYS})`,
  });
  return invitePath(token);
}

export type CreatedUser = { userId: string; invitePath: string | null };

export async function createUser({ actor, input }: { actor: Actor; input: CreateUserInput }): Promise<CreatedUser> {
  requireUserAdmin(actor);
  const passwordHash = input.setup === "password" && input.password ? await hashPassword(input.password) : null;
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      await requireLiveDepartment(tx, input.departmentId);
      const [user] = await tx
        .insert(users)
        .values({
          email: input.email,
          name: input.name,
          role: input.role,
          departmentId: input.departmentId,
          passwordHash,
        })
        .returning();
      if (!user) throw new Error("insert returned no row");
      await recordAudit(tx, {
        actorId: actor.id,
        action: "user.created",
        entityType: "user",
        entityId: user.id,
        after: userSnapshot(user),
      });
      let path: string | null = null;
      if (input.setup === "invite") {
        path = await insertInvite(tx, user.id, actor.id);
        await recordAudit(tx, { actorId: actor.id, action: "user.invite_issued", entityType: "user", entityId: user.id });
      }
      return { userId: user.id, invitePath: path };
    });
  } catch (e) {
    if (emailTaken(e)) {
      throw conflict("Please correct the highlighted fields.", { email: ["A user with this email already exists."] });
    }
    throw e;
  }
}

export async function updateUser({ actor, input }: { actor: Actor; input: UpdateUserInput }): Promise<void> {
  requireUserAdmin(actor);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const before = await lockUser(tx, input.userId);
    if (input.departmentId !== before.departmentId) await requireLiveDepartment(tx, input.departmentId);
    await assertNotLastAdmin(tx, before, { role: input.role, active: before.active });

    const [after] = await tx
      .update(users)
      .set({ name: input.name, role: input.role, departmentId: input.departmentId, updatedAt: sql`now()` })
      .where(eq(users.id, input.userId))
      .returning();
    if (!after) throw notFound("That user");

    // A department's head must be a head of that department; if this user no longer is, the
    // department is left without a head rather than with a wrong one (and that is audited).
    if (after.role !== "head" || after.departmentId !== before.departmentId) {
      const headed = await tx
        .update(departments)
        .set({ headUserId: null, updatedAt: sql`now()` })
        .where(eq(departments.headUserId, after.id))
        .returning();
      for (const dep of headed) {
        await recordAudit(tx, {
          actorId: actor.id,
          action: "department.updated",
          entityType: "department",
          entityId: dep.id,
          before: { name: dep.name, headUserId: after.id, archived: dep.archived },
          after: { name: dep.name, headUserId: null, archived: dep.archived },
          reason: `${after.name} is no longer a head of this department`,
        });
      }
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.updated",
      entityType: "user",
      entityId: after.id,
      before: userSnapshot(before),
      after: userSnapshot(after),
    });
  });
}

export async function setUserActive({
  actor,
  userId,
  active,
  reason,
}: {
  actor: Actor;
  userId: string;
  active: boolean;
  reason?: string;
}): Promise<void> {
  requireUserAdmin(actor);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const before = await lockUser(tx, userId);
    // Compared on the stored id: a uuid spelled differently (e.g. upper case) is the same user.
    if (!active && before.id === actor.id) throw conflict("You cannot deactivate your own account.");
    if (before.active === active) {
      throw conflict(active ? "This user is already active." : "This user is already deactivated.");
    }
    await assertNotLastAdmin(tx, before, { role: before.role, active });
    if (active && before.departmentId) await requireLiveDepartment(tx, before.departmentId);
    const [after] = await tx
      .update(users)
      .set({ active, updatedAt: sql`now()` })
      .where(eq(users.id, userId))
      .returning();
    if (!after) throw notFound("That user");
    await recordAudit(tx, {
      actorId: actor.id,
      action: active ? "user.reactivated" : "user.deactivated",
      entityType: "user",
      entityId: userId,
      before: userSnapshot(before),
      after: userSnapshot(after),
      reason: reason || null,
    });
    if (!active) {
      await flagOrphanedStages(tx, { personId: userId }, actor.id, `${before.name}, the accountable person, was deactivated.`);
    }
  });
}

/** A fresh one-time link to choose a password (new user who lost theirs, or a reset). */
export async function issueInvite({ actor, userId }: { actor: Actor; userId: string }): Promise<{ invitePath: string }> {
  requireUserAdmin(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, userId);
    if (!user.active) throw conflict("Reactivate this user before sending them a sign-in link.");
    const path = await insertInvite(tx, user.id, actor.id);
    await recordAudit(tx, { actorId: actor.id, action: "user.invite_issued", entityType: "user", entityId: user.id });
    return { invitePath: path };
  });
}

export type InviteStatus = { valid: true; email: string; name: string } | { valid: false; reason: string };

const INVALID_LINK = "This link is not valid or has expired. Ask an admin for a new one.";

export async function describeInvite(token: string): Promise<InviteStatus> {
  const db = await getDb();
  const [row] = await db
    .select({ email: users.email, name: users.name, active: users.active, usedAt: invites.usedAt, expired: sql<boolean>`${invites.expiresAt} <= now()` })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.userId))
    .where(eq(invites.tokenHash, hashInviteToken(token)));
  if (!row || row.usedAt || row.expired || !row.active) return { valid: false, reason: INVALID_LINK };
  return { valid: true, email: row.email, name: row.name };
}

/** Public: the holder of a valid one-time link chooses a password. The link is then spent. */
export async function acceptInvite({ token, password }: { token: string; password: string }): Promise<{ email: string }> {
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [invite] = await tx
      .select()
      .from(invites)
      .where(and(eq(invites.tokenHash, hashInviteToken(token)), isNull(invites.usedAt), sql`${invites.expiresAt} > now()`))
      .for("update");
    if (!invite) throw invalid(INVALID_LINK);
    const user = await lockUser(tx, invite.userId);
    if (!user.active) throw invalid(INVALID_LINK);
    await tx.update(invites).set({ usedAt: sql`now()` }).where(eq(invites.id, invite.id));
    await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, user.id));
    await tx.delete(signInFailures).where(eq(signInFailures.emailLower, user.email.toLowerCase()));
    await recordAudit(tx, { actorId: user.id, action: "user.password_set", entityType: "user", entityId: user.id });
    return { email: user.email };
  });
}
