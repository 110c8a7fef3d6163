import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { checkIns, goals } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { getDashboard } from "@/lib/dashboard/queries";
import { correctCheckIn, createGoal, recordCheckIn } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import { listGoals } from "@/lib/goals/queries";
import type { CreateGoalInput } from "@/lib/goals/schemas";
import { todayIn } from "@/lib/time";
import { assignOwnership } from "@/lib/ownership/commands";
import { rows, useTestDatabase } from "../helpers/db";
import { actorOf, makeCast, makeUser } from "../helpers/factories";
import { insertGoalsWithCheckIns } from "../helpers/goal-rows";
import { assignInput, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

// Migration 0015: each goal keeps its latest check-in (value and day) on its row, and the
// database keeps it current after every write to check_ins. Health reads it instead of looking
// the latest check-in up per goal, so it must always equal that lookup.
const db = useTestDatabase();
const DAY = 86_400_000;
const daysFrom = (n: number) => todayIn("UTC", new Date(Date.now() + n * DAY));

let cco: Actor;
let owner: Actor;
let alpha: HeadedDepartment;
let objectiveId: string;
beforeAll(async () => {
  const cast = await makeCast(db());
  cco = cast.actors.cco;
  alpha = await makeHeadedDepartment(db(), `Latest ${uniq()}`);
  owner = actorOf(await makeUser(db(), { role: "member", departmentId: alpha.id, name: "Latest Owner" }), alpha.name);
  ({ objectiveId } = (await createObjective({ actor: cco, input: { title: `Latest aim ${uniq()}`, description: "", periodStart: "2024-01-01", periodEnd: "2035-01-01" } }))!);
});

/** An active goal from 0 to 100, started 10 days ago, due in 10 (expected progress today 50%), on a stage of its own journey. */
async function activeGoal() {
  const { journeyId, stageIds } = await makeJourney(cco, 1);
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, alpha) });
  const input: CreateGoalInput = {
    stageId: stageIds[0]!, activate: true, title: `Goal ${uniq()}`, description: "Customers wait less at the counter.", metricName: "Served within 5 min",
    metricUnit: "%", baseline: "0", target: "100", direction: "increase", startDate: daysFrom(-10), dueDate: daysFrom(10), ownerId: owner.id, objectiveId, budget: "0", people: "1", resourcesNote: "",
  };
  return { goalId: (await createGoal({ actor: cco, input })).goalId, journeyId };
}
const record = (goalId: string, value: string, measuredOn: string) => recordCheckIn({ actor: owner, goalId, input: { value, confidence: "medium", note: "", measuredOn } });
const kept = async (goalId: string) => {
  const [g] = await db().select({ value: goals.latestValue, on: goals.latestMeasuredOn }).from(goals).where(eq(goals.id, goalId));
  return g ? { value: g.value === null ? null : Number(g.value), on: g.on } : null;
};
/** The latest check-in looked up the way health used to: by measured_on, then created_at. */
const lookedUp = async (goalId: string) => {
  const [c] = await db().select().from(checkIns).where(eq(checkIns.goalId, goalId)).orderBy(sql`${checkIns.measuredOn} desc, ${checkIns.createdAt} desc`).limit(1);
  return c ? { value: Number(c.value), on: c.measuredOn } : { value: null, on: null };
};
const journeyHealth = async (journeyId: string) => (await getDashboard({ journeyId })).health.map((h) => `${h.health}:${h.goals}`).sort();

describe("the goal keeps its latest check-in", () => {
  it("a new goal has none; each check-in updates it, an older measurement does not displace a newer one", async () => {
    const { goalId, journeyId } = await activeGoal();
    expect(await kept(goalId)).toEqual({ value: null, on: null });
    expect((await listGoals({ goalIds: [goalId], status: "all" }))[0]!.health).toBe("no_data");
    expect(await journeyHealth(journeyId)).toEqual(["no_data:1"]);

    await record(goalId, "10", daysFrom(-1));
    expect(await kept(goalId)).toEqual({ value: 10, on: daysFrom(-1) });
    expect((await listGoals({ goalIds: [goalId], status: "all" }))[0]!.health).toBe("off_track");
    expect(await journeyHealth(journeyId)).toEqual(["off_track:1"]);

    // Measured earlier, recorded later: not the latest.
    await record(goalId, "90", daysFrom(-3));
    expect(await kept(goalId)).toEqual({ value: 10, on: daysFrom(-1) });

    // Same day as the latest, recorded later: it wins (created_at breaks the tie).
    await record(goalId, "55", daysFrom(-1));
    expect(await kept(goalId)).toEqual({ value: 55, on: daysFrom(-1) });
    expect(await kept(goalId)).toEqual(await lookedUp(goalId));
    expect((await listGoals({ goalIds: [goalId], status: "all" }))[0]!.health).toBe("on_track");
    expect(await journeyHealth(journeyId)).toEqual(["on_track:1"]);
  });

  it("correcting a check-in's value or day updates the goal, including when another check-in becomes the latest", async () => {
    const { goalId, journeyId } = await activeGoal();
    const { checkInId: older } = await record(goalId, "20", daysFrom(-4));
    const { checkInId: newer } = await record(goalId, "60", daysFrom(-2));
    expect(await kept(goalId)).toEqual({ value: 60, on: daysFrom(-2) });

    await correctCheckIn({ actor: owner, checkInId: newer, input: { value: "5", confidence: "low", note: "typo", measuredOn: daysFrom(-2) } });
    expect(await kept(goalId)).toEqual({ value: 5, on: daysFrom(-2) });
    expect(await journeyHealth(journeyId)).toEqual(["off_track:1"]);

    // The older one is re-dated past the newer: it becomes the latest.
    await correctCheckIn({ actor: owner, checkInId: older, input: { value: "70", confidence: "high", note: "", measuredOn: daysFrom(-1) } });
    expect(await kept(goalId)).toEqual({ value: 70, on: daysFrom(-1) });
    expect(await kept(goalId)).toEqual(await lookedUp(goalId));
    expect(await journeyHealth(journeyId)).toEqual(["on_track:1"]);
  });

  it("check-ins written straight into the table, many goals in one statement, keep every goal current", async () => {
    const ids = Array.from({ length: 30 }, () => crypto.randomUUID());
    const { stageIds } = await makeJourney(cco, 1);
    const base = { stageId: stageIds[0]!, departmentId: alpha.id, ownerId: owner.id, objectiveId, description: "d", metricName: "m", metricUnit: "u", baseline: "0", target: "100", direction: "increase" as const, startDate: daysFrom(-30), dueDate: daysFrom(30), budget: "0", people: 0 };
    const values = ids.flatMap((goalId, i) => Array.from({ length: i % 4 }, (_, k) => ({ goalId, value: String(i * 3 + k), confidence: "high" as const, measuredOn: daysFrom(-k * ((i % 3) + 1)), authorId: owner.id })));
    await insertGoalsWithCheckIns(db(), ids.map((id, i) => ({ ...base, id, title: `Bulk ${i}`, status: i % 5 === 0 ? ("achieved" as const) : ("active" as const) })), values);
    for (const id of ids) expect(await kept(id)).toEqual(await lookedUp(id));
  });

  it("the migration's backfill sets every goal's latest check-in from check_ins", async () => {
    const { goalId } = await activeGoal();
    await record(goalId, "30", daysFrom(-2));
    await record(goalId, "40", daysFrom(-1));
    // As if the goal had been written before migration 0015: no latest kept.
    await db().execute(sql`update goals set latest_value = null, latest_measured_on = null`);
    const file = fs.readFileSync(path.join(process.cwd(), "db/migrations/0015_goal_latest_check_in.sql"), "utf8");
    const backfill = file.split("--> statement-breakpoint").at(-1)!;
    expect(backfill).toMatch(/^\s*-- Backfill/);
    await db().execute(sql.raw(backfill));
    expect(await kept(goalId)).toEqual({ value: 40, on: daysFrom(-1) });
    const mismatched = await rows<{ n: number }>(db(), sql`
      select count(*)::int as n from goals g
      left join lateral (select ci.value, ci.measured_on from check_ins ci where ci.goal_id = g.id order by ci.measured_on desc, ci.created_at desc limit 1) lt on true
      where g.latest_value is distinct from lt.value or g.latest_measured_on is distinct from lt.measured_on`);
    expect(Number(mismatched[0]!.n)).toBe(0);
  });
});
