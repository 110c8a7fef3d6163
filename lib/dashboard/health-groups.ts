import type { Health } from "@/lib/goals/rules";
import type { HealthCount } from "./queries";

/** Goal health from worst to best: the order of the dashboard's stacked bars and table columns. */
export const HEALTH_ORDER: Health[] = ["off_track", "overdue", "at_risk", "on_track", "achieved", "no_data"];

export type HealthGroup = { id: string; name: string; counts: Partial<Record<Health, number>>; total: number; stale: number };

/** Off track and overdue goals as a share of the group's goals: how badly the group is doing. */
const troubleShare = (g: HealthGroup) => ((g.counts.off_track ?? 0) + (g.counts.overdue ?? 0)) / (g.total || 1);

/** Groups by name, or with `order` "worst" by the share of goals off track or overdue, highest first. */
export function groupHealth(rows: HealthCount[], by: "journey" | "department", order: "name" | "worst" = "name"): HealthGroup[] {
  const map = new Map<string, HealthGroup>();
  for (const r of rows) {
    const id = by === "journey" ? r.journeyId : r.departmentId;
    const name = by === "journey" ? r.journeyName : r.departmentName;
    const g = map.get(id) ?? { id, name, counts: {}, total: 0, stale: 0 };
    g.counts[r.health] = (g.counts[r.health] ?? 0) + r.goals;
    g.total += r.goals;
    g.stale += r.stale;
    map.set(id, g);
  }
  const byName = [...map.values()].sort((a, b) => a.name.localeCompare(b.name));
  return order === "name" ? byName : byName.sort((a, b) => troubleShare(b) - troubleShare(a));
}

