import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { checkIns, goals } from "@/db/schema";

type GoalRow = typeof goals.$inferInsert & { id: string };

/**
 * Writes goals and their check-ins straight into the tables, as fixtures do. The database takes
 * check-ins only on active goals and a reason on every missed or cancelled one, so the goals go
 * in active, take their check-ins, and then move to their final status (with a stand-in reason
 * when the fixture gives none) — the order in which it happens for real.
 */
export async function insertGoalsWithCheckIns(db: Db, rows: GoalRow[], checkInRows: (typeof checkIns.$inferInsert)[]): Promise<void> {
  const closing = (s: GoalRow["status"]) => s === "missed" || s === "cancelled";
  const final = rows.map((r) => ({ ...r, statusReason: r.statusReason ?? (closing(r.status) ? "Closed in the fixture." : null) }));
  await db.insert(goals).values(final.map((r) => ({ ...r, status: "active" as const })));
  if (checkInRows.length) await db.insert(checkIns).values(checkInRows);
  const byStatus = new Map<NonNullable<GoalRow["status"]>, string[]>();
  for (const r of final) {
    const status = r.status ?? "draft";
    if (status !== "active") byStatus.set(status, [...(byStatus.get(status) ?? []), r.id]);
  }
  for (const [status, ids] of byStatus) await db.update(goals).set({ status }).where(inArray(goals.id, ids));
}
