import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { listDepartmentOptions } from "@/lib/departments/queries";
import { listJourneyOptions } from "@/lib/journeys/queries";
import { getTimeZone } from "@/lib/settings";
import { isTimeZone, todayIn } from "@/lib/time";
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

type Entry = { version: string; today: string; computedAt: Date; figures: Promise<DashboardView> };
const entries = new Map<string, Entry>();

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

/**
 * The dashboard's figures for `filter`, when they were computed (see above), and the company's
 * time zone they were reckoned in.
 */
export async function currentDashboard(filter: DashboardFilter, now = new Date()): Promise<{ figures: DashboardView; computedAt: Date; timeZone: string }> {
  const key = keyOf(filter);
  const { version, timeZone: stored } = await dataVersion();
  let timeZone = stored;
  if (!timeZone || !isTimeZone(timeZone)) timeZone = await getTimeZone();
  const today = todayIn(timeZone, now);
  const held = entries.get(key);
  if (held && held.version === version && held.today === today && now.getTime() - held.computedAt.getTime() < MAX_AGE_MS) {
    try {
      return { figures: await held.figures, computedAt: held.computedAt, timeZone };
    } catch {
      // A computation that failed is not served again; this view computes anew.
    }
  }
  const entry: Entry = { version, today, computedAt: now, figures: compute(filter, now) };
  entries.delete(key);
  entries.set(key, entry);
  // Oldest first in a Map: drop past the cap, so every filter ever asked for is not kept.
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  try {
    return { figures: await entry.figures, computedAt: now, timeZone };
  } catch (error) {
    if (entries.get(key) === entry) entries.delete(key);
    throw error;
  }
}

/** Forgets every computed figure (tests; a server that wants a cold start). */
export function forgetDashboards(): void {
  entries.clear();
}
