import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { departments, invites, signInFailures, users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import { endAllSessionsOf } from "@/lib/auth/session-commands";
import { passwordSignInEnabled, ssoConfig } from "@/lib/auth/sso";
import { flagOrphanedStages } from "@/lib/ownership/commands";
import { conflict, forbidden, invalid, notFound, pgConstraint, pgErrorCode } from "@/lib/errors";
import { can, mayHeadDepartment, rolesWith, type Role } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";
import { writeLink } from "./email-links";
import { hashInviteToken } from "./invites";
import type { CreateUserInput, UpdateUserInput } from "./schemas";
import { userSnapshot } from "./snapshot";

// AUTH_SSO_ONLY: a password could open nothing, so no link sets one and none is set.
const PASSWORDS_OFF = `Passwords are turned off here: people sign in with ${ssoConfig?.name ?? "single sign-on"}.`;

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

export const OWN_ACCESS_CHANGED = "Your own account changed at the same moment; nothing was saved. Reload the page to see where things stand.";

const managesUsers = (u: Pick<User, "role" | "active">) => u.active && can(u.role, "users.manage");

/**
 * Locks, in one statement and in id order, the target, the acting admin and every active
 * admin. One order for every change of a user means two admins acting on each other queue up
 * instead of deadlocking (locking the target first and the admins after, in opposite orders,
 * deadlocked about one time in four). Rows come back as they are after any change that
 * committed while this one waited, so the checks below see the winner's result.
 */
async function lockForUserChange(tx: Tx, actor: Actor, userId: string): Promise<{ target: User; admins: User[] }> {
  const rows = await tx
    .select()
    .from(users)
    .where(or(inArray(users.id, [userId, actor.id]), and(inArray(users.role, rolesWith("users.manage")), eq(users.active, true))))
    .orderBy(asc(users.id))
    .for("update");
  // Compared on the stored (lower-case) id: a uuid spelled in upper case is the same user.
  const target = rows.find((r) => r.id === userId.toLowerCase());
  if (!target) throw notFound("That user");
  // The acting admin may have been deactivated or demoted a moment ago, by the very change
  // this one waited for: their request no longer carries the right to change anyone.
  const self = rows.find((r) => r.id === actor.id);
  if (!self || !managesUsers(self)) throw forbidden(OWN_ACCESS_CHANGED);
  return { target, admins: rows.filter(managesUsers) };
}

/** The organisation must always keep one active admin, or nobody could manage users again. */
function assertNotLastAdmin(target: User, next: { role: Role; active: boolean }, admins: User[]) {
  if (!managesUsers(target) || managesUsers(next)) return;
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

/**
 * A one-time link to choose a password, replacing any older unused invite: emailed to the user
 * when SMTP is configured (the admin never sees it), else returned to be shown to the admin once.
 * Audited with how it went out.
 */
async function insertInvite(tx: Tx, user: Pick<User, "id" | "email">, createdById: string): Promise<{ invitePath: string | null; emailedTo: string | null }> {
  const { path, emailed } = await writeLink(tx, { userId: user.id, createdById, purpose: "invite" });
  await recordAudit(tx, { actorId: createdById, action: "user.invite_issued", entityType: "user", entityId: user.id, after: { delivery: emailed ? "email" : "shown" } });
  return { invitePath: path, emailedTo: emailed ? user.email : null };
}

export type CreatedUser = { userId: string; invitePath: string | null; emailedTo: string | null };

export async function createUser({ actor, input }: { actor: Actor; input: CreateUserInput }): Promise<CreatedUser> {
  requireUserAdmin(actor);
  if (input.setup === "sso" && !ssoConfig) throw invalid("Please correct the highlighted fields.", { setup: ["Single sign-on is not set up here: choose a password link or an initial password."] });
  if (input.setup !== "sso" && !passwordSignInEnabled) throw invalid("Please correct the highlighted fields.", { setup: [PASSWORDS_OFF] });
  const passwordHash = input.setup === "password" && input.password ? await hashPassword(input.password) : null;
  try {
    return await inTransaction(async (tx) => {
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
      if (input.setup !== "invite") return { userId: user.id, invitePath: null, emailedTo: null };
      return { userId: user.id, ...(await insertInvite(tx, user, actor.id)) };
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
  await inTransaction(async (tx) => {
    const { target: before, admins } = await lockForUserChange(tx, actor, input.userId);
    if (input.departmentId !== before.departmentId) await requireLiveDepartment(tx, input.departmentId);
    assertNotLastAdmin(before, { role: input.role, active: before.active }, admins);

    const [after] = await tx
      .update(users)
      .set({ name: input.name, role: input.role, departmentId: input.departmentId, updatedAt: sql`now()` })
      .where(eq(users.id, before.id))
      .returning();
    if (!after) throw notFound("That user");

    // A department's head must be a head of that department; if this user no longer is, the
    // department is left without a head rather than with a wrong one (and that is audited).
    if (!mayHeadDepartment(after.role) || after.departmentId !== before.departmentId) {
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

/**
 * Locks a user about to be deactivated (with every admin, in the one order) and checks that
 * they may be: not the acting admin, not already deactivated, not the last admin.
 */
export async function lockUserToDeactivate(tx: Tx, actor: Actor, userId: string): Promise<User> {
  requireUserAdmin(actor);
  const { target: before, admins } = await lockForUserChange(tx, actor, userId);
  if (before.id === actor.id) throw conflict("You cannot deactivate your own account.");
  if (!before.active) throw conflict("This user is already deactivated.");
  assertNotLastAdmin(before, { role: before.role, active: false }, admins);
  return before;
}

/**
 * Deactivates a user locked by `lockUserToDeactivate`, in the caller's transaction: their
 * sessions end, and the stages they are still accountable for are flagged as needing an owner.
 */
export async function writeDeactivation(tx: Tx, actor: Actor, before: User, reason: string | null): Promise<void> {
  const [after] = await tx
    .update(users)
    .set({ active: false, updatedAt: sql`now()` })
    .where(eq(users.id, before.id))
    .returning();
  if (!after) throw notFound("That user");
  await recordAudit(tx, {
    actorId: actor.id,
    action: "user.deactivated",
    entityType: "user",
    entityId: before.id,
    before: userSnapshot(before),
    after: userSnapshot(after),
    reason: reason || null,
  });
  // Their sessions end with the deactivation, for good: reactivating does not revive them.
  await endAllSessionsOf(tx, { user: before, reason: "deactivated", actorId: actor.id });
  await flagOrphanedStages(tx, { personId: before.id }, actor.id, `${before.name}, the accountable person, was deactivated.`);
}

/**
 * Reactivates a user; deactivating (active: false) here flags everything they own, with no
 * preview and no successors: the admin screen deactivates only through
 * `lib/offboarding` (preview, successors, fingerprint), which shares the two steps above.
 */
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
  await inTransaction(async (tx) => {
    if (!active) {
      const before = await lockUserToDeactivate(tx, actor, userId);
      await writeDeactivation(tx, actor, before, reason || null);
      return;
    }
    const { target: before } = await lockForUserChange(tx, actor, userId);
    if (before.active) throw conflict("This user is already active.");
    if (before.departmentId) await requireLiveDepartment(tx, before.departmentId);
    const [after] = await tx
      .update(users)
      .set({ active: true, updatedAt: sql`now()` })
      .where(eq(users.id, before.id))
      .returning();
    if (!after) throw notFound("That user");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.reactivated",
      entityType: "user",
      entityId: before.id,
      before: userSnapshot(before),
      after: userSnapshot(after),
      reason: reason || null,
    });
  });
}

/** A fresh one-time link to choose a password (new user who lost theirs, or a reset). */
export async function issueInvite({ actor, userId }: { actor: Actor; userId: string }): Promise<{ invitePath: string | null; emailedTo: string | null }> {
  requireUserAdmin(actor);
  if (!passwordSignInEnabled) throw forbidden(PASSWORDS_OFF);
  return inTransaction(async (tx) => {
    const user = await lockUser(tx, userId);
    if (!user.active) throw conflict("Reactivate this user before sending them a sign-in link.");
    return insertInvite(tx, user, actor.id);
  });
}

export type InviteStatus = { valid: true; email: string; name: string } | { valid: false; reason: string };

const INVALID_LINK = "This link is not valid or has expired. Ask for a new one with “Forgot your password?” on the sign-in page, or ask an admin.";

export async function describeInvite(token: string): Promise<InviteStatus> {
  if (!passwordSignInEnabled) return { valid: false, reason: PASSWORDS_OFF };
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
  if (!passwordSignInEnabled) throw forbidden(PASSWORDS_OFF);
  const passwordHash = await hashPassword(password);
  return inTransaction(async (tx) => {
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
    // A new password (often a reset after a suspected leak) ends every session of the old one.
    await endAllSessionsOf(tx, { user, reason: "password_changed", actorId: user.id });
    return { email: user.email };
  });
}
