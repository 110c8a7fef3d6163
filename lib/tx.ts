import { getDb, type Tx } from "@/db/client";
import { pgErrorCode } from "@/lib/errors";

const RETRYABLE = new Set(["40001", "40P01"]); // serialization failure, deadlock detected

/**
 * Runs `work` in one transaction, retrying a few times when PostgreSQL aborts it for a
 * serialization failure or a deadlock, both of which are safe to retry from the start.
 */
export async function inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (e) {
      const code = pgErrorCode(e);
      if (!code || !RETRYABLE.has(code) || attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
