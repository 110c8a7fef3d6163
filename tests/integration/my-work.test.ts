import { beforeAll, describe, expect, it } from "vitest";
import { customerSignals } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { raiseDispute } from "@/lib/disputes/commands";
import { createGoal } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import { todayIn } from "@/lib/time";
import { openFollowUps } from "@/lib/follow-ups/open";
import { getMyWork, MY_WORK_LIMIT, myWorkCount, VISIT_GAP_MS } from "@/lib/my-work/queries";
import { assignOwnership, proposeHandoff } from "@/lib/ownership/commands";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, makeHeadedDepartment, makeJourney, type HeadedDepartment } from "../helpers/ownership-fixtures";

// Issue 15, My work: a home for each person with what waits on them, and the count beside it
// in the navigation.
const db = useTestDatabase();
let cco: Actor;
let executive: Actor;
let admin: Actor;
let a: HeadedDepartment;
let b: HeadedDepartment;
let stages: string[];
let disputeId: string;
let handoffId: string;
let staleGoalId: string;

beforeAll(async () => {
  const cast = await makeCast(db());
  cco = cast.actors.cco;
  executive = cast.actors.executive;
  admin = cast.actors.admin;
  a = await makeHeadedDepartment(db());
  b = await makeHeadedDepartment(db());
  ({ stageIds: stages } = await makeJourney(cco, 3));
  await assignOwnership({ actor: cco, input: assignInput(stages[0]!, a) });
  await assignOwnership({ actor: cco, input: assignInput(stages[1]!, b) });
  // B offers its stage to A; a dispute between A and B waits for both statements.
  ({ handoffId } = (await proposeHandoff({ actor: b.head, input: { stageId: stages[1]!, toDepartmentId: a.id, note: "Yours now", goalDisposition: "move", force: false } })) as { handoffId: string });
  ({ disputeId } = await raiseDispute({
    actor: cco,
    input: { kind: "standards", title: "Who answers billing calls", description: "Both say the other", partyDepartmentIds: [a.id, b.id], stageId: null, handoffId: null },
  }));
  // An active goal of A's started 30 days ago with no check-in: stale.
  const { objectiveId } = (await createObjective({ actor: cco, input: { title: "Aim", description: "", periodStart: "2024-01-01", periodEnd: "2035-01-01" } }))!;
  const day = (n: number) => todayIn("UTC", new Date(Date.now() + n * 86_400_000));
  ({ goalId: staleGoalId } = await createGoal({
    actor: cco,
    input: { stageId: stages[0]!, activate: true, title: "Answer within a day", description: "Customers wait less.", metricName: "Answered in 1 day", metricUnit: "%", baseline: "0", target: "100", direction: "increase", startDate: day(-30), dueDate: day(60), ownerId: a.head.id, objectiveId, budget: "0", people: "1", resourcesNote: "" },
  }));
  // A negative signal on A's stage opened a follow-up for A.
  const [signal] = await db().insert(customerSignals).values({ stageId: stages[0]!, source: "survey", receivedAt: new Date(), scale: "csat", score: "1" }).returning();
  await db().transaction((tx) => openFollowUps(tx, [{ id: signal!.id, stageId: stages[0]! }], { reason: "flagged", actorId: cco.id }));
});

describe("a department's work", () => {
  it("lists its stages, the handoff offered to it, the dispute waiting for its statement and its follow-ups", async () => {
    const work = await getMyWork(a.head);
    expect(work.view).toBe("department");
    expect(work.ownedStages.map((s) => s.id)).toEqual([stages[0]]);
    expect(work.handoffs.map((h) => h.id)).toEqual([handoffId]);
    expect(work.disputesAwaitingStatement.map((d) => d.id)).toEqual([disputeId]);
    expect(work.followUps).toHaveLength(1);
    expect(work.followUps[0]).toMatchObject({ stageId: stages[0], status: "open", overdue: false });
    expect(work.goalsToCheckIn.map((g) => g.id)).toEqual([staleGoalId]);
    expect(work.ownedStages[0]!.goals?.open).toBe(1);
    expect(work.totals).toEqual({ ownedStages: 1, disputesAwaitingStatement: 1, followUps: 1, goalsToCheckIn: 1 });
    // A member sees the same department work.
    expect((await getMyWork(a.member)).ownedStages.map((s) => s.id)).toEqual([stages[0]]);
  });

  it("does not show another department's work: B proposed the handoff, so it is not offered to B", async () => {
    const work = await getMyWork(b.head);
    expect(work.ownedStages.map((s) => s.id)).toEqual([stages[1]]);
    expect(work.handoffs).toEqual([]);
    expect(work.followUps).toEqual([]);
    expect(work.goalsToCheckIn).toEqual([]);
  });

  it("cuts a long list at its most urgent rows and says how many there are in all", async () => {
    const c = await makeHeadedDepartment(db());
    const { stageIds } = await makeJourney(cco, MY_WORK_LIMIT + 5);
    for (const id of stageIds) await assignOwnership({ actor: cco, input: assignInput(id, c) });
    const work = await getMyWork(c.head);
    expect(work.ownedStages).toHaveLength(MY_WORK_LIMIT);
    expect(work.totals.ownedStages).toBe(MY_WORK_LIMIT + 5);
    // In the journey's order: the first stages come first.
    expect(work.ownedStages.map((s) => s.id)).toEqual(stageIds.slice(0, MY_WORK_LIMIT));
  });

  it("counts what waits on the department: the offered handoff and the statement (the follow-up is not due within a day)", async () => {
    expect(await myWorkCount(a.head)).toBe(2);
    expect(await myWorkCount(b.head)).toBe(1);
  });
});

describe("the CCO's work", () => {
  it("lists stages needing an owner, disputes awaiting a decision and pending handoffs", async () => {
    const work = await getMyWork(cco);
    expect(work.view).toBe("decisions");
    expect(work.stagesNeedingOwner.map((s) => s.id)).toContain(stages[2]);
    expect(work.stagesNeedingOwner.map((s) => s.id)).not.toContain(stages[0]);
    expect(work.disputesAwaitingDecision.map((d) => d.id)).toContain(disputeId);
    expect(work.handoffs.map((h) => h.id)).toContain(handoffId);
    expect(await myWorkCount(cco)).toBeGreaterThanOrEqual(2);
  });

  it("gives administrators no journey work and no count", async () => {
    expect((await getMyWork(admin)).view).toBe("none");
    expect(await myWorkCount(admin)).toBe(0);
  });
});

describe("an executive's figures", () => {
  it("compare with the previous visit, not with a reload a minute ago", async () => {
    const t0 = new Date();
    const first = await getMyWork(executive, t0);
    expect(first.view).toBe("figures");
    expect(first.since).toBeNull();
    expect(first.figures.every((f) => f.previous === null)).toBe(true);
    const needs = first.figures.find((f) => f.key === "needsOwner")!;
    expect(needs.value).toBeGreaterThanOrEqual(1);

    // A reload within the gap still has nothing to compare with.
    const reload = await getMyWork(executive, new Date(t0.getTime() + 60_000));
    expect(reload.since).toBeNull();

    // The stage gets an owner; the next visit, after the gap, shows the move.
    await assignOwnership({ actor: cco, input: assignInput(stages[2]!, b) });
    const later = await getMyWork(executive, new Date(t0.getTime() + VISIT_GAP_MS + 120_000));
    expect(later.since?.getTime()).toBe(t0.getTime());
    const after = later.figures.find((f) => f.key === "needsOwner")!;
    expect(after.previous).toBe(needs.value);
    expect(after.value).toBe(needs.value - 1);
  });
});
