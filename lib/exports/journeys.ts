import { sql, type SQL } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { exactInstant, keysetBatches } from "@/lib/keyset";

// The stage-level exports (the RACI matrix, ownership on a date) read journey by journey: a
// batch is a few journeys (keyset on when each was created, which never changes), and within
// one, the stages come in the customer's order as it is now.

export type JourneyCursor = { id: string; createdAt: string };

/** How many journeys each batch of a stage-level export covers. */
export const JOURNEYS_PER_BATCH = 25;

/** Journeys matching `where` (over `j`) in created order, up to `limit` after `after`. */
async function journeysAfter(where: SQL, after: JourneyCursor | null, limit: number): Promise<JourneyCursor[]> {
  const db = await getDb();
  const bound = after ? sql`and (j.created_at, j.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``;
  const res = await db.execute(sql`
    select j.id, ${exactInstant(sql`j.created_at`)} as "createdAt" from journeys j
    where ${where} ${bound} order by j.created_at, j.id limit ${limit}`);
  return resultRows<JourneyCursor>(res);
}

/** For each batch of journeys, the rows `read` gives for them (in its own order), skipping empty batches. */
export async function* byJourneyBatches<T>(where: SQL, read: (journeyIds: string[]) => Promise<T[]>, journeysPerBatch = JOURNEYS_PER_BATCH): AsyncGenerator<T[]> {
  for await (const journeys of keysetBatches<JourneyCursor>((after, limit) => journeysAfter(where, after, limit), journeysPerBatch)) {
    const rows = await read(journeys.map((j) => j.id));
    if (rows.length) yield rows;
  }
}

/** `j.id in (…)` for a batch of journey ids. */
export const inJourneys = (ids: string[]) => sql`s.journey_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`;
