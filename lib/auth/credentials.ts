import { and, count, eq, gt, sql } from "drizzle-orm";
import { signInSchema } from "./credentials-schema";
import { getDb } from "@/db/client";
import { signInFailures, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { dummyPasswordHash, verifyPassword } from "./password";
import { SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MINUTES } from "./throttle";

export { signInSchema };

export type CredentialsResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" | "locked" };

/**
 * Checks an email and password. Unknown email, wrong password, inactive account and an
 * account without a password all answer the same `invalid`, after the same amount of work.
 * Failures are counted per email in the database, so the limit holds across app servers.
 */
export async function verifyCredentials(input: { email: string; password: string }): Promise<CredentialsResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const emailLower = parsed.data.email.toLowerCase();
  const db = await getDb();

  const windowStart = sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`;
  const [{ failures } = { failures: 0 }] = await db
    .select({ failures: count() })
    .from(signInFailures)
    .where(and(eq(signInFailures.emailLower, emailLower), gt(signInFailures.attemptedAt, windowStart)));

  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, emailLower)).limit(1);

  if (failures >= SIGN_IN_MAX_FAILURES) {
    await recordAudit(db, {
      actorId: null,
      action: "auth.sign_in_blocked",
      entityType: "session",
      entityId: user?.id ?? null,
      after: { email: emailLower, outcome: "locked", failuresInWindow: failures },
    });
    return { ok: false, reason: "locked" };
  }

  const hashToCheck = user?.passwordHash ?? (await dummyPasswordHash());
  const passwordOk = await verifyPassword(hashToCheck, parsed.data.password);

  if (user && user.active && user.passwordHash && passwordOk) {
    await db.transaction(async (tx) => {
      await tx.delete(signInFailures).where(eq(signInFailures.emailLower, emailLower));
      await recordAudit(tx, {
        actorId: user.id,
        action: "auth.signed_in",
        entityType: "session",
        entityId: user.id,
        after: { email: emailLower, outcome: "success" },
      });
    });
    return { ok: true, userId: user.id };
  }

  const lockedNow = failures + 1 >= SIGN_IN_MAX_FAILURES;
  await db.transaction(async (tx) => {
    await tx.insert(signInFailures).values({ emailLower });
    await recordAudit(tx, {
      actorId: null,
      action: "auth.sign_in_failed",
      entityType: "session",
      entityId: user?.id ?? null,
      after: { email: emailLower, outcome: "invalid_credentials", failuresInWindow: failures + 1 },
    });
    if (lockedNow) {
      await recordAudit(tx, {
        actorId: null,
        action: "auth.locked_out",
        entityType: "session",
        entityId: user?.id ?? null,
        after: { email: emailLower, outcome: "locked", failuresInWindow: failures + 1 },
        reason: `${SIGN_IN_MAX_FAILURES} failed sign-ins within ${SIGN_IN_WINDOW_MINUTES} minutes`,
      });
    }
  });
  return { ok: false, reason: lockedNow ? "locked" : "invalid" };
}
