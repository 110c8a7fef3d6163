import { and, eq, sql } from "drizzle-orm";
import { resultRows, type Executor } from "@/db/client";
import { signInFailures } from "@/db/schema";
import { env } from "@/lib/env";

// Failed sign-ins per email, and per client address, within a sliding window (OWASP ASVS
// 6.3.1). Kept in one place so the rule is easy to find and the UI can explain it.
export const SIGN_IN_MAX_FAILURES = env.SIGN_IN_MAX_FAILURES;
export const SIGN_IN_WINDOW_MINUTES = env.SIGN_IN_WINDOW_MINUTES;
export const SIGN_IN_IP_MAX_FAILURES = env.SIGN_IN_IP_MAX_FAILURES;
export const SIGN_IN_IP_WINDOW_MINUTES = env.SIGN_IN_IP_WINDOW_MINUTES;

// Advisory lock namespaces (the first key of pg_advisory_xact_lock(int, int)).
const EMAIL_LOCK = 7_384_201;
const ADDRESS_LOCK = 7_384_202;

/**
 * Serialises the throttle's read-count-write for one email (and one address) across every
 * connection and app server, until the transaction ends. The email is always locked before
 * the address, so two attempts can never wait on each other in a cycle.
 */
export async function lockThrottle(tx: Executor, emailLower: string, address: string | null): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${EMAIL_LOCK}::int, hashtext(${emailLower}))`);
  if (address) await tx.execute(sql`select pg_advisory_xact_lock(${ADDRESS_LOCK}::int, hashtext(${address}))`);
}

export type AttemptCounts = { email: number; address: number };

/**
 * Attempts in the window for the email and for the address. With `failedOnly` false, attempts
 * still being checked (pending) count too: a guess in flight is a guess.
 */
export async function countAttempts(tx: Executor, emailLower: string, address: string | null, { failedOnly = false } = {}): Promise<AttemptCounts> {
  const outcome = failedOnly ? sql`and outcome = 'failed'` : sql``;
  const result = await tx.execute(sql`
    select
      count(*) filter (where email_lower = ${emailLower} and attempted_at > now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES}::int))::int as email,
      count(*) filter (where client_address = ${address} and attempted_at > now() - make_interval(mins => ${SIGN_IN_IP_WINDOW_MINUTES}::int))::int as address
    from ${signInFailures}
    where (email_lower = ${emailLower} or client_address = ${address}) ${outcome}`);
  const [row] = resultRows<AttemptCounts>(result);
  return { email: row?.email ?? 0, address: row?.address ?? 0 };
}

/** Records an attempt as pending, before its password is checked. */
export async function recordPendingAttempt(tx: Executor, emailLower: string, address: string | null): Promise<string> {
  const [row] = await tx.insert(signInFailures).values({ emailLower, clientAddress: address, outcome: "pending" }).returning({ id: signInFailures.id });
  return row!.id;
}

export async function markAttemptFailed(tx: Executor, attemptId: string): Promise<void> {
  await tx.update(signInFailures).set({ outcome: "failed" }).where(eq(signInFailures.id, attemptId));
}

/**
 * A correct password clears the email's failures (and this attempt). Other attempts still in
 * flight keep their pending rows and are counted when they fail.
 */
export async function clearFailures(tx: Executor, emailLower: string, attemptId: string): Promise<void> {
  await tx
    .delete(signInFailures)
    .where(and(eq(signInFailures.emailLower, emailLower), sql`(${signInFailures.outcome} = 'failed' or ${signInFailures.id} = ${attemptId})`));
}
