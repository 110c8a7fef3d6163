import { eq, sql } from "drizzle-orm";
import { users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { inTransaction } from "@/lib/tx";
import { signInSchema } from "./credentials-schema";
import { dummyPasswordHash, verifyPassword } from "./password";
import { createSession } from "./sessions";
import {
  clearFailures,
  countAttempts,
  lockThrottle,
  markAttemptFailed,
  recordPendingAttempt,
  SIGN_IN_IP_MAX_FAILURES,
  SIGN_IN_IP_WINDOW_MINUTES,
  SIGN_IN_MAX_FAILURES,
  SIGN_IN_WINDOW_MINUTES,
} from "./throttle";

export { signInSchema };

export type CredentialsResult =
  | { ok: true; userId: string; sessionId: string; sessionToken: string }
  | { ok: false; reason: "invalid" | "locked" | "rate_limited" };

/** Where an attempt came from: the address only when a trusted proxy names it. */
export type SignInContext = { clientAddress?: string | null; userAgent?: string | null };

type Gate = { user: User | undefined } & ({ attemptId: string } | { refused: "locked" | "rate_limited" });

/**
 * Checks an email and password and, when they match an active account, starts a session.
 * Unknown email, wrong password, inactive account and an account without a password all answer
 * the same `invalid`, after the same amount of work.
 *
 * Throttling holds under parallel requests: under an advisory lock per email (and address),
 * one short transaction counts the attempts in the window and records this one as pending
 * *before* the password is checked, so of any number of simultaneous guesses at most
 * SIGN_IN_MAX_FAILURES are ever checked. The slow argon2 check runs outside any transaction
 * (PGlite has one connection; a transaction held across it would stall every other request).
 */
export async function verifyCredentials(input: { email: string; password: string }, context: SignInContext = {}): Promise<CredentialsResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const emailLower = parsed.data.email.toLowerCase();
  const address = context.clientAddress ?? null;
  const where = address ? { clientAddress: address } : {};

  const gate = await inTransaction(async (tx): Promise<Gate> => {
    await lockThrottle(tx, emailLower, address);
    const counts = await countAttempts(tx, emailLower, address);
    const [user] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, emailLower)).limit(1);
    const emailLocked = counts.email >= SIGN_IN_MAX_FAILURES;
    if (emailLocked || (address && counts.address >= SIGN_IN_IP_MAX_FAILURES)) {
      await recordAudit(tx, {
        actorId: null,
        action: "auth.sign_in_blocked",
        entityType: "session",
        entityId: user?.id ?? null,
        after: emailLocked
          ? { email: emailLower, outcome: "locked", failuresInWindow: counts.email, ...where }
          : { email: emailLower, outcome: "address_locked", failuresInWindow: counts.address, ...where },
      });
      return { user, refused: emailLocked ? "locked" : "rate_limited" };
    }
    return { user, attemptId: await recordPendingAttempt(tx, emailLower, address) };
  });
  if ("refused" in gate) return { ok: false, reason: gate.refused };
  const { user, attemptId } = gate;

  const hashToCheck = user?.passwordHash ?? (await dummyPasswordHash());
  const passwordOk = await verifyPassword(hashToCheck, parsed.data.password);

  if (user && user.active && user.passwordHash && passwordOk) {
    const session = await inTransaction(async (tx) => {
      await lockThrottle(tx, emailLower, null);
      await clearFailures(tx, emailLower, attemptId);
      const created = await createSession(tx, { userId: user.id, userAgent: context.userAgent });
      await recordAudit(tx, {
        actorId: user.id,
        action: "auth.signed_in",
        entityType: "session",
        entityId: user.id,
        after: { email: emailLower, outcome: "success", sessionId: created.sessionId, ...where },
      });
      return created;
    });
    return { ok: true, userId: user.id, sessionId: session.sessionId, sessionToken: session.token };
  }

  return inTransaction(async (tx) => {
    await lockThrottle(tx, emailLower, address);
    await markAttemptFailed(tx, attemptId);
    // Counted under the lock, so exactly one failure sees the count reach each limit.
    const failed = await countAttempts(tx, emailLower, address, { failedOnly: true });
    const entityId = user?.id ?? null;
    await recordAudit(tx, {
      actorId: null,
      action: "auth.sign_in_failed",
      entityType: "session",
      entityId,
      after: { email: emailLower, outcome: "invalid_credentials", failuresInWindow: failed.email, ...where },
    });
    if (failed.email === SIGN_IN_MAX_FAILURES) {
      await recordAudit(tx, {
        actorId: null,
        action: "auth.locked_out",
        entityType: "session",
        entityId,
        after: { email: emailLower, outcome: "locked", failuresInWindow: failed.email, ...where },
        reason: `${SIGN_IN_MAX_FAILURES} failed sign-ins within ${SIGN_IN_WINDOW_MINUTES} minutes`,
      });
    }
    if (address && failed.address === SIGN_IN_IP_MAX_FAILURES) {
      await recordAudit(tx, {
        actorId: null,
        action: "auth.address_locked_out",
        entityType: "session",
        entityId: null,
        after: { email: emailLower, outcome: "address_locked", failuresInWindow: failed.address, clientAddress: address },
        reason: `${SIGN_IN_IP_MAX_FAILURES} failed sign-ins from ${address} within ${SIGN_IN_IP_WINDOW_MINUTES} minutes`,
      });
    }
    const reason = failed.email >= SIGN_IN_MAX_FAILURES ? "locked" : address && failed.address >= SIGN_IN_IP_MAX_FAILURES ? "rate_limited" : "invalid";
    return { ok: false as const, reason };
  });
}
