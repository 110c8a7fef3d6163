import { dataVersion, shelf } from "@/lib/data-version";
import { listDepartmentOptions } from "@/lib/departments/queries";
import { listJourneyOptions } from "@/lib/journeys/queries";
import { getTimeZone } from "@/lib/settings";
import { isTimeZone, todayIn } from "@/lib/time";
import { followUpDashboard, type FollowUpDashboard } from "@/lib/follow-ups/queries";
import { getDashboard, type Dashboard, type DashboardFilter } from "./queries";

export { MAX_AGE_MS } from "@/lib/data-version";

/** The figures, and the filter's choices (journeys and departments change only with an audited write too). */
export type DashboardView = Dashboard & { journeyOptions: { id: string; name: string }[]; departmentOptions: { id: string; name: string }[] };

// The dashboard's figures, held per data version (lib/data-version.ts): one entry per filter
// asked for, and one for the follow-ups' figures, which are the whole company's.
const figuresShelf = shelf<DashboardView>(64);
const followUpsShelf = shelf<FollowUpDashboard>(1);

async function compute(filter: DashboardFilter, now: Date): Promise<DashboardView> {
  const [figures, journeyOptions, departmentOptions] = await Promise.all([getDashboard(filter, now), listJourneyOptions(), listDepartmentOptions()]);
  return { ...figures, journeyOptions, departmentOptions };
}

const keyOf = (filter: DashboardFilter) => `${filter.journeyId ?? ""}|${filter.departmentId ?? ""}`;

export type CurrentDashboard = { figures: DashboardView; computedAt: Date; timeZone: string; followUps: FollowUpDashboard | null };

/**
 * The dashboard's figures for `filter`, when they were computed (lib/data-version.ts; the older of the
 * two when the follow-ups' are asked for too) and the company's time zone they were reckoned in.
 * With `followUps`, also the closed loop's figures (follow-ups open, overdue, the busiest
 * stages), held the same way: an aggregate over every open follow-up, which grows with the
 * company and would otherwise be recomputed on every view.
 */
export async function currentDashboard(filter: DashboardFilter, now = new Date(), { followUps = false }: { followUps?: boolean } = {}): Promise<CurrentDashboard> {
  const { version, timeZone: stored } = await dataVersion();
  let timeZone = stored;
  if (!timeZone || !isTimeZone(timeZone)) timeZone = await getTimeZone();
  const stamp = { version, day: todayIn(timeZone, now) };
  const [figures, loop] = await Promise.all([
    figuresShelf.get(keyOf(filter), stamp, now, () => compute(filter, now)),
    followUps ? followUpsShelf.get("all", stamp, now, () => followUpDashboard()) : null,
  ]);
  const computedAt = loop && loop.computedAt < figures.computedAt ? loop.computedAt : figures.computedAt;
  return { figures: figures.value, computedAt, timeZone, followUps: loop?.value ?? null };
}

/** Forgets every computed figure (tests; a server that wants a cold start). */
export function forgetDashboards(): void {
  figuresShelf.clear();
  followUpsShelf.clear();
}
