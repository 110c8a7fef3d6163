import { sql, type SQL } from "drizzle-orm";

/** How many rows each export reads per query. */
export const EXPORT_BATCH = 1000;

/** Maps every batch of an async batch source. */
export async function* mapBatches<T, U>(batches: AsyncIterable<T[]>, fn: (row: T) => U): AsyncGenerator<U[]> {
  for await (const batch of batches) yield batch.map(fn);
}

/** An instant as Date#toISOString writes it (milliseconds, UTC), the same on both database drivers. */
export const isoInstant = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
