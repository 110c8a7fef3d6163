import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, checkIns, customerSignals, goals } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { createGoal, recordCheckIn } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import { getGoal } from "@/lib/goals/queries";
import { createGoalSchema, type CreateGoalInput } from "@/lib/goals/schemas";
import { runSignalCheckIns, signalMetricValue } from "@/lib/goals/signal-check-ins";
import { assignOwnership } from "@/lib/ownership/commands";
import { todayIn } from "@/lib/time";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney, type HeadedDepartment } from "../helpers/ownership-fixtures";

// Issue 14: a SMART goal's metric bound to its stage's customer signals gets its check-ins
// computed on a schedule, marked automatic, and refuses typed ones.
const db = useTestDatabase();
let cco: Actor;
let dep: HeadedDepartment;
let objectiveId: string;
const day = (n: number) => todayIn("UTC", new Date(Date.now() + n * 86_400_000));

beforeAll(async () => {
  cco = (await makeCast(db())).actors.cco;
  dep = await makeHeadedDepartment(db());
  ({ objectiveId } = (await createObjective({ actor: cco, input: { title: "Happier customers", description: "", periodStart: "2024-01-01", periodEnd: "2035-01-01" } }))!);
});

async function stageOfDep() {
  const { stageIds } = await makeJourney(cco, 1);
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, dep) });
  return stageIds[0]!;
}

const input = (stageId: string, over: Partial<CreateGoalInput> = {}): CreateGoalInput => ({
  stageId, activate: true, title: "Delivery CSAT up", description: "Customers rate delivery higher.", metricName: "Delivery CSAT", metricUnit: "points",
  baseline: "3.6", target: "4.3", direction: "increase", startDate: day(-10), dueDate: day(120), ownerId: dep.head.id, objectiveId, budget: "0", people: "1", resourcesNote: "",
  signalMetric: "csat_average", ...over,
});

const csat = (stageId: string, scores: number[]) =>
  db().insert(customerSignals).values(scores.map((s) => ({ stageId, source: "survey" as const, scale: "csat" as const, score: String(s), receivedAt: new Date(Date.now() - 3_600_000) })));

describe("a goal bound to a customer-signal metric", () => {
  it("is saved with its metric, audited, and refuses typed check-ins", async () => {
    const stageId = await stageOfDep();
    const { goalId } = await createGoal({ actor: cco, input: input(stageId) });
    const [g] = await db().select().from(goals).where(eq(goals.id, goalId));
    expect(g!.signalMetric).toBe("csat_average");
    const [created] = await db().select().from(auditEvents).where(and(eq(auditEvents.entityId, goalId), eq(auditEvents.action, "goal.created")));
    expect(created!.after).toMatchObject({ signalMetric: "csat_average" });
    await expectRefused(db(), () => recordCheckIn({ actor: dep.head, goalId, input: { value: "4", confidence: "high", note: "", measuredOn: day(0) } }), "conflict", /computed automatically/);
  });

  it("gets one automatic check-in a day from the stage's signals, and health follows", async () => {
    const stageId = await stageOfDep();
    const { goalId } = await createGoal({ actor: cco, input: input(stageId) });
    await csat(stageId, [5, 4, 3, 4]);
    const first = await runSignalCheckIns();
    expect(first.recorded).toBeGreaterThanOrEqual(1);
    const rows = await db().select().from(checkIns).where(eq(checkIns.goalId, goalId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ value: "4", automatic: true, authorId: null, confidence: "low", measuredOn: day(0) });
    expect(rows[0]!.note).toMatch(/^Computed from 4 signals/);
    const [g] = await db().select().from(goals).where(eq(goals.id, goalId));
    expect(g!.latestValue).toBe("4");
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.entityId, rows[0]!.id), eq(auditEvents.action, "check_in.recorded")));
    expect(event).toMatchObject({ actorId: null, after: { goalId, automatic: true, value: "4" } });
    // The goal page lists it without an author.
    const { checkIns: listed, row } = await getGoal(goalId);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ automatic: true, authorName: null });
    expect(row.health).not.toBe("no_data");
    // Run again the same day: nothing more.
    await runSignalCheckIns();
    expect(await db().select().from(checkIns).where(eq(checkIns.goalId, goalId))).toHaveLength(1);
  });

  it("records nothing for a stage without scored signals, nor for a draft goal", async () => {
    const quiet = await stageOfDep();
    const { goalId: quietGoal } = await createGoal({ actor: cco, input: input(quiet) });
    const drafted = await stageOfDep();
    await csat(drafted, [5]);
    const { goalId: draftGoal } = await createGoal({ actor: cco, input: input(drafted, { activate: false }) });
    await runSignalCheckIns();
    expect(await db().select().from(checkIns).where(eq(checkIns.goalId, quietGoal))).toHaveLength(0);
    expect(await db().select().from(checkIns).where(eq(checkIns.goalId, draftGoal))).toHaveLength(0);
  });

  it("names an unknown measure as a field error, and takes none as typed check-ins", () => {
    const bad = createGoalSchema.safeParse({ ...input("00000000-0000-4000-8000-000000000000"), signalMetric: "revenue" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.find((i) => i.path[0] === "signalMetric")?.message).toBe("Choose one of the listed customer-signal measures, or none.");
    const none = createGoalSchema.safeParse({ ...input("00000000-0000-4000-8000-000000000000"), signalMetric: "" });
    expect(none.success && none.data.signalMetric).toBe(null);
  });
});

describe("signal metrics", () => {
  const t = (signals: number, scoreSum: number, promoters = 0, detractors = 0, negative = 0) => ({ signals, scoreSum, promoters, detractors, negative });
  it("computes averages, NPS and the negative share, and nothing without a sample", () => {
    expect(signalMetricValue("csat_average", { csat: t(3, 12) })).toEqual({ value: 4, sample: 3 });
    expect(signalMetricValue("ces_average", { ces: t(2, 11) })).toEqual({ value: 5.5, sample: 2 });
    expect(signalMetricValue("nps", { nps: t(10, 80, 5, 2) })).toEqual({ value: 30, sample: 10 });
    expect(signalMetricValue("negative_share", { csat: t(4, 10, 0, 0, 1), nps: t(4, 20, 1, 2, 2), none: t(5, 0) })).toEqual({ value: 37.5, sample: 8 });
    expect(signalMetricValue("csat_average", { nps: t(3, 20) })).toBeNull();
  });
});
