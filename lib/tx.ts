import { getDb, type Tx } from "@/db/client";
import { concurrentChange, pgErrorCode } from "@/lib/errors";

// Serialization failure, deadlock detected, lock not available (a lock_timeout ran out): each
// aborts the whole transaction before anything commits, so starting again from the top is safe.
const CONCURRENCY_FAILURES = new Set(["40001", "40P01", "55P03"]);
const ATTEMPTS = 5;

/** Did PostgreSQL abort this work only because another transaction touched the same rows? */
export function isConcurrencyFailure(e: unknown): boolean {
  const code = pgErrorCode(e);
  return code !== undefined && CONCURRENCY_FAILURES.has(code);
}

/**
 * Runs `work` in one transaction, retrying a few times when PostgreSQL aborts it for a
 * concurrency failure. If it still fails, the caller gets a `conflict` that says so — a race
 * lost is an expected outcome with a clear answer, never "something went wrong".
 */
export async function inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (e) {
      if (!isConcurrencyFailure(e)) throw e;
      if (attempt >= ATTEMPTS) throw concurrentChange();
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
