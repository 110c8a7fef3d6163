import { sql, type SQL } from "drizzle-orm";

// Keyset reads: batches ordered by a key that never changes, each starting after the last row
// of the one before. Unlike offsets, a row that exists throughout is read exactly once, however
// long the reading takes and whatever else changes meanwhile.

/**
 * Reads a query in keyset batches: `fetch(after, limit)` returns up to `limit` rows in key
 * order, starting after the row `after` (null: from the start).
 */
export async function* keysetBatches<T>(fetch: (after: T | null, limit: number) => Promise<T[]>, batchSize: number): AsyncGenerator<T[]> {
  let after: T | null = null;
  for (;;) {
    const rows = await fetch(after, batchSize);
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]!;
  }
}

/**
 * An instant as text exact to the microsecond, in UTC: the cursor of a timestamp key (a
 * JavaScript Date keeps only milliseconds, and a cursor rounded down would skip rows).
 */
export const exactInstant = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
