import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { listDepartmentOptions } from "@/lib/departments/queries";
import { listJourneyOptions } from "@/lib/journeys/queries";
import { getTimeZone } from "@/lib/settings";
import { isTimeZone, todayIn } from "@/lib/time";
import { followUpDashboard, type FollowUpDashboard } from "@/lib/follow-ups/queries";
import { getDashboard, type Dashboard, type DashboardFilter } from "./queries";

/** The figures, and the filter's choices (journeys and departments change only with an audited write too). */
export type DashboardView = Dashboard & { journeyOptions: { id: string; name: string }[]; departmentOptions: { id: string; name: string }[] };

/**
 * The dashboard's figures, computed once and shared until something changes.
 *
 * Every write in Throughline appends an audit event in its own transaction, so the newest audit
 * event's id is a version of the company's data: figures computed at version v are still right
 * while the newest id is v. A view costs that one index lookup instead of the dashboard's
 * reads; the first view after any change (on any server: the version is read from the
 * database) computes them afresh. Figures that move with the clock alone (days without an owner,
 * disputes past their service level, health against today's date) are recomputed at least every
 * MAX_AGE_MS, and on a new day in the company's zone, so they are never more than a minute old;
 * the page says when they were computed. Simultaneous views of the same filter share one
 * computation instead of each starting its own.
 *
 * An audit id is taken when its transaction inserts, not when it commits: a change committed
 * after a later-numbered one can go unseen until MAX_AGE_MS passes. That bound is the promise.
 */
export const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 64;

type Entry<T> = { version: string; today: string; computedAt: Date; value: Promise<T> };
const entries = new Map<string, Entry<unknown>>();

/** The data's version and the company's time zone, in one round trip (a settings change is audited too). */
async function dataVersion(): Promise<{ version: string; timeZone: string | null }> {
  const db = await getDb();
  const [row] = resultRows<{ v: string | null; zone: string | null }>(
    await db.execute(sql`select (select max(id)::text from audit_events) as v, (select time_zone from settings where id = 1) as zone`),
  );
  return { version: row?.v ?? "0", timeZone: row?.zone ?? null };
}

async function compute(filter: DashboardFilter, now: Date): Promise<DashboardView> {
  const [figures, journeyOptions, departmentOptions] = await Promise.all([getDashboard(filter, now), listJourneyOptions(), listDepartmentOptions()]);
  return { ...figures, journeyOptions, departmentOptions };
}

const keyOf = (filter: DashboardFilter) => `${filter.journeyId ?? ""}|${filter.departmentId ?? ""}`;
/** The follow-ups' figures are the whole company's (the card ignores the filter): one entry. */
const FOLLOW_UPS_KEY = "follow-ups";

/** The value held under `key` if computed at this version, on this day, less than MAX_AGE_MS ago; else a fresh computation, shared. */
async function held<T>(key: string, stamp: { version: string; today: string }, now: Date, make: () => Promise<T>): Promise<{ value: T; computedAt: Date }> {
  const old = entries.get(key) as Entry<T> | undefined;
  if (old && old.version === stamp.version && old.today === stamp.today && now.getTime() - old.computedAt.getTime() < MAX_AGE_MS) {
    try {
      return { value: await old.value, computedAt: old.computedAt };
    } catch {
      // A computation that failed is not served again; this view computes anew.
    }
  }
  const entry: Entry<T> = { ...stamp, computedAt: now, value: make() };
  entries.delete(key);
  entries.set(key, entry);
  // Oldest first in a Map: drop past the cap, so every filter ever asked for is not kept.
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  try {
    return { value: await entry.value, computedAt: now };
  } catch (error) {
    if (entries.get(key) === entry) entries.delete(key);
    throw error;
  }
}

export type CurrentDashboard = { figures: DashboardView; computedAt: Date; timeZone: string; followUps: FollowUpDashboard | null };

/**
 * The dashboard's figures for `filter`, when they were computed (see above; the older of the
 * two when the follow-ups' are asked for too) and the company's time zone they were reckoned in.
 * With `followUps`, also the closed loop's figures (follow-ups open, overdue, the busiest
 * stages), held the same way: an aggregate over every open follow-up, which grows with the
 * company and would otherwise be recomputed on every view.
 */
export async function currentDashboard(filter: DashboardFilter, now = new Date(), { followUps = false }: { followUps?: boolean } = {}): Promise<CurrentDashboard> {
  const { version, timeZone: stored } = await dataVersion();
  let timeZone = stored;
  if (!timeZone || !isTimeZone(timeZone)) timeZone = await getTimeZone();
  const stamp = { version, today: todayIn(timeZone, now) };
  const [figures, loop] = await Promise.all([
    held(keyOf(filter), stamp, now, () => compute(filter, now)),
    followUps ? held(FOLLOW_UPS_KEY, stamp, now, () => followUpDashboard()) : null,
  ]);
  const computedAt = loop && loop.computedAt < figures.computedAt ? loop.computedAt : figures.computedAt;
  return { figures: figures.value, computedAt, timeZone, followUps: loop?.value ?? null };
}

/** Forgets every computed figure (tests; a server that wants a cold start). */
export function forgetDashboards(): void {
  entries.clear();
}
