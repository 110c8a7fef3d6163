import { cache } from "react";
import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { isDatabaseTimeout, isDatabaseUnavailable } from "@/lib/unavailable";

/**
 * Figures computed once and shared between views until the data changes.
 *
 * Every write in Throughline appends an audit event in its own transaction, so the newest audit
 * event's id is a version of the company's data: anything computed at version v is still right
 * while the newest id is v. A view costs that one index lookup (once per request) instead of the
 * reads; the first view after any change (on any server: the version is read from the database)
 * computes afresh. What moves with the clock alone (days without an owner, disputes past their
 * service level, follow-ups falling due) is recomputed at least every MAX_AGE_MS, so nothing held
 * is more than a minute old. Simultaneous views share one computation instead of each starting
 * its own.
 *
 * An audit id is taken when its transaction inserts, not when it commits: a change committed
 * after a later-numbered one can go unseen until MAX_AGE_MS passes. That bound is the promise.
 */
export const MAX_AGE_MS = 60_000;

export type DataVersion = { version: string; timeZone: string | null };

/** The data's version and the company's time zone, in one round trip (a settings change is audited too); once per request. */
export const dataVersion = cache(async (): Promise<DataVersion> => {
  const db = await getDb();
  const [row] = resultRows<{ v: string | null; zone: string | null }>(
    await db.execute(sql`select (select max(id)::text from audit_events) as v, (select time_zone from settings where id = 1) as zone`),
  );
  return { version: row?.v ?? "0", timeZone: row?.zone ?? null };
});

/** What a held value was computed against: the data's version and, for figures reckoned by the company's day, that day. */
export type Stamp = { version: string; day?: string };

type Entry<T> = Stamp & { computedAt: Date; value: Promise<T> };

export type Shelf<T> = {
  /** The value held under `key` if computed at this stamp less than MAX_AGE_MS before `now`; else a fresh computation, shared. */
  get(key: string, stamp: Stamp, now: Date, make: () => Promise<T>): Promise<{ value: T; computedAt: Date }>;
  /** Forgets everything held (tests; a server that wants a cold start). */
  clear(): void;
};

/** A shelf of at most `max` values (the oldest dropped first), so every key ever asked for is not kept. */
export function shelf<T>(max: number): Shelf<T> {
  const entries = new Map<string, Entry<T>>();
  return {
    async get(key, stamp, now, make) {
      const old = entries.get(key);
      if (old && old.version === stamp.version && old.day === stamp.day && now.getTime() - old.computedAt.getTime() < MAX_AGE_MS) {
        try {
          return { value: await old.value, computedAt: old.computedAt };
        } catch (error) {
          // The database stopping the read or being away is shared: twenty views waiting on it
          // must not each start it again on a database already too busy to answer. Anything
          // else (one connection reset, a serialization failure) may well not happen twice:
          // this view computes anew. Either way the failed entry is dropped by its first caller.
          if (isDatabaseTimeout(error) || isDatabaseUnavailable(error)) throw error;
        }
      }
      const entry: Entry<T> = { ...stamp, computedAt: now, value: make() };
      // Deleted first, so a Map's order (oldest first) is the order of computation.
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > max) entries.delete(entries.keys().next().value!);
      try {
        return { value: await entry.value, computedAt: now };
      } catch (error) {
        if (entries.get(key) === entry) entries.delete(key);
        throw error;
      }
    },
    clear: () => entries.clear(),
  };
}
