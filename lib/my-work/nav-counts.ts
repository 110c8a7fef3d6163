import type { Actor } from "@/lib/auth/current-user";
import { dataVersion, shelf } from "@/lib/data-version";
import { myOpenFollowUpCount } from "@/lib/follow-ups/queries";
import { myWorkCount } from "./queries";

export type NavCounts = { waiting: number; openFollowUps: number | null };

// Every page's navigation shows two counts. For the CCO they are counts over every open dispute,
// handoff and follow-up of the company, which grow with it (at three times the large company
// 1-2 ms each with the data in memory, tens of ms when it is not, on every page). They are held
// per data version instead (lib/data-version.ts): a role and a department fully decide both
// counts, so people who share them share one computation.
const counts = shelf<NavCounts>(512);

/** The navigation's counts for this person: what waits on them under My work, and the follow-ups theirs to act on. */
export async function navCounts(actor: Actor, now = new Date()): Promise<NavCounts> {
  const { version } = await dataVersion();
  const { value } = await counts.get(`${actor.role}|${actor.departmentId ?? ""}`, { version }, now, async () => {
    const [waiting, openFollowUps] = await Promise.all([myWorkCount(actor), myOpenFollowUpCount(actor)]);
    return { waiting, openFollowUps };
  });
  return value;
}

/** Forgets every held count (tests). */
export function forgetNavCounts(): void {
  counts.clear();
}
