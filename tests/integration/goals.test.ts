import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { goals } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { pgConstraint, pgErrorCode } from "@/lib/errors";
import { changeGoalStatus, createGoal, recordCheckIn, updateGoal } from "@/lib/goals/commands";
import { archiveObjective, createObjective } from "@/lib/goals/objectives";
import { getGoal, listGoals, listObjectives } from "@/lib/goals/queries";
import { getTimeZone } from "@/lib/settings";
import { addDays, todayIn } from "@/lib/time";
import type { CreateGoalInput } from "@/lib/goals/schemas";
import { archiveJourney, archiveStage } from "@/lib/journeys/commands";
import { assignOwnership } from "@/lib/ownership/commands";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast, makeUser } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

const db = useTestDatabase();

let cco: Actor;
let cast: Awaited<ReturnType<typeof makeCast>>;
let alpha: HeadedDepartment;
let beta: HeadedDepartment;
let objectiveId: string;
beforeAll(async () => {
  cast = await makeCast(db());
  cco = cast.actors.cco;
  alpha = await makeHeadedDepartment(db(), `Alpha ${uniq()}`);
  beta = await makeHeadedDepartment(db(), `Beta ${uniq()}`);
  ({ objectiveId } = (await createObjective({ actor: cco, input: { title: `Win on delivery ${uniq()}`, description: "", periodStart: "2024-01-01", periodEnd: "2030-12-31" } }))!);
});

/** A fresh stage that Alpha owns, its head accountable. */
async function alphaStage(dep: HeadedDepartment = alpha) {
  const { journeyId, stageIds } = await makeJourney(cco, 1);
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, dep) });
  return { journeyId, stageId: stageIds[0]! };
}

const goalInput = (stageId: string, over: Partial<CreateGoalInput> = {}): CreateGoalInput => ({
  stageId,
  activate: false,
  title: "Raise the delivery NPS",
  description: "Customers rate the delivery experience higher.",
  metricName: "Delivery NPS",
  metricUnit: "points",
  baseline: "0.1",
  target: "0.3",
  direction: "increase",
  startDate: "2024-01-01",
  dueDate: "2030-06-30",
  ownerId: alpha.member.id,
  objectiveId,
  budget: "1500.25",
  people: "2",
  resourcesNote: "Two analysts",
  ...over,
});
const goalRow = async (id: string) => (await db().select().from(goals).where(eq(goals.id, id)))[0]!;
function updateInput(goalId: string, over: Partial<CreateGoalInput> = {}) {
  const { stageId: _s, activate: _a, ...fields } = goalInput("", over);
  return { ...fields, goalId };
}

describe("creating a goal", () => {
  it("the owning head creates a draft goal: values stored exactly, goal.created audited", async () => {
    const { stageId } = await alphaStage();
    const mark = await auditMark(db());
    const { goalId } = await createGoal({ actor: alpha.head, input: goalInput(stageId) });
    const g = await goalRow(goalId);
    expect(g).toMatchObject({ stageId, departmentId: alpha.id, status: "draft", baseline: "0.1", target: "0.3", budget: "1500.25", people: 2, ownerId: alpha.member.id, createdById: alpha.head.id });
    const { goal, row, smart } = await getGoal(goalId);
    expect(goal.baseline).toBe("0.1");
    expect(row).toMatchObject({ baseline: "0.1", target: "0.3", health: null, latestValue: null, departmentName: alpha.name, ownerName: alpha.member.name });
    expect(Object.values(smart).every((l) => l.pass)).toBe(true);
    const events = await auditSince(db(), mark);
    expect(events).toMatchObject([{ action: "goal.created", actorId: alpha.head.id, entityType: "goal", entityId: goalId, before: null }]);
    expect(events[0]!.after).toMatchObject({ baseline: "0.1", target: "0.3", departmentId: alpha.id, status: "draft", title: "Raise the delivery NPS" });
  });

  it("the CCO creates one on any owned stage, activated at once; listGoals shows it", async () => {
    const { stageId } = await alphaStage();
    const { goalId } = await createGoal({ actor: cco, input: goalInput(stageId, { activate: true, direction: "decrease", baseline: "9", target: "-3.5" }) });
    expect(await goalRow(goalId)).toMatchObject({ status: "active", departmentId: alpha.id, target: "-3.5", createdById: cco.id });
    expect(await listGoals({ stageIds: [stageId] })).toMatchObject([{ id: goalId, status: "active", health: "no_data", departmentId: alpha.id }]);
  });

  it("is refused for another department's head, a member, an executive and an admin, writing nothing", async () => {
    const { stageId } = await alphaStage();
    await expectRefused(db(), () => createGoal({ actor: beta.head, input: goalInput(stageId) }), "forbidden", `Only ${alpha.name} (the stage's owner) or the CCO can set goals on this stage.`);
    for (const actor of [alpha.member, cast.actors.executive, cast.actors.admin]) {
      await expectRefused(db(), () => createGoal({ actor, input: goalInput(stageId) }), "forbidden");
    }
  });

  it("is refused on an unowned stage, an archived stage and a stage of an archived journey", async () => {
    const { stageIds: [unowned] } = await makeJourney(cco, 1);
    await expectRefused(db(), () => createGoal({ actor: cco, input: goalInput(unowned!) }), "conflict", /no owner yet/);
    const archived = await alphaStage();
    await archiveStage({ actor: cco, stageId: archived.stageId });
    await expectRefused(db(), () => createGoal({ actor: alpha.head, input: goalInput(archived.stageId) }), "conflict", /archived/);
    const inArchivedJourney = await alphaStage();
    await archiveJourney({ actor: cco, journeyId: inArchivedJourney.journeyId, reason: "Retired" });
    await expectRefused(db(), () => createGoal({ actor: cco, input: goalInput(inArchivedJourney.stageId) }), "conflict", /archived/);
  });

  it("refuses an owner outside the owning department, a deactivated owner, and a missing or archived objective, on the right field", async () => {
    const { stageId } = await alphaStage();
    const gone = await makeUser(db(), { role: "member", departmentId: alpha.id, active: false });
    const byField = async (over: Partial<CreateGoalInput>, field: string, message: RegExp) => {
      const e = await expectRefused(db(), () => createGoal({ actor: alpha.head, input: goalInput(stageId, over) }), "invalid");
      expect(Object.keys(e.fieldErrors)).toEqual([field]);
      expect(e.fieldErrors[field]![0]).toMatch(message);
    };
    await byField({ ownerId: beta.member.id }, "ownerId", new RegExp(`is not in ${alpha.name}`));
    await byField({ ownerId: gone.id }, "ownerId", /is deactivated/);
    await byField({ ownerId: crypto.randomUUID() }, "ownerId", /does not exist/);
    await byField({ objectiveId: crypto.randomUUID() }, "objectiveId", /^Relevant \(R\): that objective does not exist/);
    const { objectiveId: old } = (await createObjective({ actor: cco, input: { title: `Old aim ${uniq()}`, description: "", periodStart: "2020-01-01", periodEnd: "2020-12-31" } }))!;
    await archiveObjective({ actor: cco, objectiveId: old });
    await byField({ objectiveId: old }, "objectiveId", /^Relevant \(R\): .* is archived/);
  });

  it("asks to confirm an active goal already past its due date (the company's today), with every other field error; confirmed, it is created", async () => {
    const { stageId } = await alphaStage();
    const yesterday = addDays(todayIn(await getTimeZone()), -1);
    const overdue = { activate: true, startDate: "2024-01-01", dueDate: yesterday };
    const e = await expectRefused(db(), () => createGoal({ actor: alpha.head, input: goalInput(stageId, { ...overdue, ownerId: beta.member.id, objectiveId: crypto.randomUUID() }) }), "invalid");
    expect(Object.keys(e.fieldErrors).sort()).toEqual(["confirmOverdue", "objectiveId", "ownerId"]);
    expect(e.fieldErrors.confirmOverdue![0]).toMatch(/^Time-bound \(T\): the due date, .* has already passed .*Yes, it is already overdue/);

    const { goalId } = await createGoal({ actor: alpha.head, input: goalInput(stageId, { ...overdue, confirmOverdue: true }) });
    expect(await goalRow(goalId)).toMatchObject({ status: "active", dueDate: yesterday });
    expect((await listGoals({ goalIds: [goalId] }))[0]!.health).toBe("overdue");
    // A draft needs no confirmation: it is not measured until it is activated.
    await createGoal({ actor: alpha.head, input: goalInput(stageId, { ...overdue, activate: false }) });
  });

  it("a measured value round-trips exactly, however many digits", async () => {
    const { stageId } = await alphaStage();
    const { goalId } = await createGoal({ actor: cco, input: goalInput(stageId, { activate: true, baseline: "0", target: "99999999999.999999" }) });
    await recordCheckIn({ actor: alpha.member, goalId, input: { value: "12345678901.123456", confidence: "high", note: "", measuredOn: todayIn("UTC") } });
    const { row, checkIns } = await getGoal(goalId);
    expect(checkIns.map((c) => c.value)).toEqual(["12345678901.123456"]);
    expect(row.latestValue).toBe("12345678901.123456");
    expect(row.target).toBe("99999999999.999999");
  });
});

describe("the database refuses goals that break the SMART rules, whatever the code does", () => {
  const direct = (over: Partial<typeof goals.$inferInsert>) =>
    db().insert(goals).values({
      stageId: over.stageId!, departmentId: alpha.id, title: "Direct", description: "Inserted around the code", metricName: "M", metricUnit: "u",
      baseline: "1", target: "2", direction: "increase", startDate: "2024-01-01", dueDate: "2024-12-31", ownerId: alpha.member.id, objectiveId, budget: "0", people: 0, ...over,
    });
  it.each([
    // target = baseline breaks both checks; PostgreSQL reports the first by name.
    ["target = baseline", { baseline: "0.1", target: "0.10" }, ["goals_direction_ck", "goals_target_differs_ck"]],
    ["target = baseline, decreasing", { baseline: "3", target: "3.000", direction: "decrease" as const }, ["goals_direction_ck", "goals_target_differs_ck"]],
    ["increase with a lower target", { baseline: "5", target: "4" }, ["goals_direction_ck"]],
    ["decrease with a higher target", { direction: "decrease" as const }, ["goals_direction_ck"]],
    ["due = start", { dueDate: "2024-01-01" }, ["goals_due_after_start_ck"]],
    ["due before start", { dueDate: "2023-06-01" }, ["goals_due_after_start_ck"]],
    ["a negative budget", { budget: "-0.01" }, ["goals_resources_ck"]],
    ["negative people", { people: -1 }, ["goals_resources_ck"]],
  ])("%s", async (_label, over, constraints) => {
    const { stageId } = await alphaStage();
    const error = await direct({ stageId, ...over }).then(() => null, (e: unknown) => e);
    expect(pgErrorCode(error)).toBe("23514");
    expect(constraints).toContain(pgConstraint(error));
    expect(await listGoals({ stageIds: [stageId], status: "all" })).toEqual([]);
  });

  it("an UPDATE around the code cannot make target = baseline either", async () => {
    const { stageId } = await alphaStage();
    const { goalId } = await createGoal({ actor: cco, input: goalInput(stageId) });
    const error = await db().update(goals).set({ target: "0.1000" }).where(eq(goals.id, goalId)).then(() => null, (e: unknown) => e);
    expect(pgErrorCode(error)).toBe("23514");
    expect((await goalRow(goalId)).target).toBe("0.3");
  });

  it("the commands turn a constraint refusal into a field error naming the letter", async () => {
    const { stageId } = await alphaStage();
    const e1 = await expectRefused(db(), () => createGoal({ actor: cco, input: goalInput(stageId, { target: "0.10" }) }), "invalid");
    expect(e1.fieldErrors).toEqual({ target: ["Measurable (M): the target must differ from the baseline in the goal's direction."] });
    const { goalId } = await createGoal({ actor: cco, input: goalInput(stageId) });
    const e2 = await expectRefused(db(), () => updateGoal({ actor: cco, input: updateInput(goalId, { dueDate: "2023-12-31" }) }), "invalid");
    expect(e2.fieldErrors).toEqual({ dueDate: ["Time-bound (T): the due date must be after the start date."] });
  });
});

describe("editing a goal and changing its status", () => {
  it("updateGoal: the owning head edits an open goal; goal.updated carries before and after", async () => {
    const { stageId } = await alphaStage();
    const { goalId } = await createGoal({ actor: alpha.head, input: goalInput(stageId) });
    const mark = await auditMark(db());
    await updateGoal({ actor: alpha.head, input: updateInput(goalId, { title: "Raise the delivery NPS a lot", target: "0.45", ownerId: alpha.head.id }) });
    expect(await goalRow(goalId)).toMatchObject({ title: "Raise the delivery NPS a lot", target: "0.45", ownerId: alpha.head.id, status: "draft" });
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "goal.updated", actorId: alpha.head.id, entityId: goalId, before: { title: "Raise the delivery NPS", target: "0.3", ownerId: alpha.member.id }, after: { title: "Raise the delivery NPS a lot", target: "0.45", ownerId: alpha.head.id } },
    ]);
    await expectRefused(db(), () => updateGoal({ actor: beta.head, input: updateInput(goalId) }), "forbidden");
    await expectRefused(db(), () => updateGoal({ actor: alpha.member, input: updateInput(goalId) }), "forbidden");
    await expectRefused(db(), () => updateGoal({ actor: cco, input: updateInput(crypto.randomUUID()) }), "not_found");
  });

  const reasonFor = (status: string) => (status === "missed" || status === "cancelled" ? `Why ${status}` : "");
  it.each([
    [["active"]],
    [["cancelled"]],
    [["active", "achieved"]],
    [["active", "missed"]],
    [["active", "cancelled"]],
  ] as const)("allows %j from draft, each step audited as goal.status_changed", async (steps) => {
    const { stageId } = await alphaStage();
    const { goalId } = await createGoal({ actor: alpha.head, input: goalInput(stageId) });
    let from = "draft";
    for (const status of steps) {
      const mark = await auditMark(db());
      await changeGoalStatus({ actor: alpha.head, goalId, status, reason: reasonFor(status) });
      expect(await goalRow(goalId)).toMatchObject({ status, statusReason: reasonFor(status) || null });
      expect(await auditSince(db(), mark)).toMatchObject([
        { action: "goal.status_changed", actorId: alpha.head.id, entityId: goalId, before: { status: from }, after: { status }, reason: reasonFor(status) || null },
      ]);
      from = status;
    }
  });

  it.each([
    ["draft", ["achieved", "missed"]],
    ["active", ["active"]],
    ["achieved", ["active", "missed", "cancelled"]],
    ["missed", ["active", "achieved", "cancelled"]],
    ["cancelled", ["active", "achieved", "missed"]],
  ] as const)("refuses to move a %s goal to %j; closed goals cannot be edited", async (state, refused) => {
    const { stageId } = await alphaStage();
    const { goalId } = await createGoal({ actor: cco, input: goalInput(stageId, { activate: state !== "draft" }) });
    if (state !== "draft" && state !== "active") await changeGoalStatus({ actor: cco, goalId, status: state, reason: "Closed" });
    for (const status of refused) {
      await expectRefused(db(), () => changeGoalStatus({ actor: cco, goalId, status, reason: "Try" }), "conflict", `A ${state} goal cannot become ${status}.`);
    }
    const edit = () => updateGoal({ actor: cco, input: updateInput(goalId, { title: "Edited after closing" }) });
    if (state === "draft" || state === "active") await edit();
    else await expectRefused(db(), edit, "conflict", `This goal is ${state}; closed goals cannot be edited.`);
  });

  it("only the CCO or the owning head may change a status", async () => {
    const { stageId } = await alphaStage();
    const { goalId } = await createGoal({ actor: cco, input: goalInput(stageId) });
    for (const actor of [beta.head, alpha.member, cast.actors.executive, cast.actors.admin]) {
      await expectRefused(db(), () => changeGoalStatus({ actor, goalId, status: "active", reason: "" }), "forbidden");
    }
    await changeGoalStatus({ actor: cco, goalId, status: "active", reason: "" });
  });

  it("listObjectives counts an objective's goals by health, and its cancelled ones apart", async () => {
    const { objectiveId: own } = (await createObjective({ actor: cast.actors.executive, input: { title: `Aim ${uniq()}`, description: "", periodStart: "2024-01-01", periodEnd: "2030-01-01" } }))!;
    const { stageId } = await alphaStage();
    const kept = await createGoal({ actor: cco, input: goalInput(stageId, { objectiveId: own, title: "Kept goal" }) });
    const dropped = await createGoal({ actor: cco, input: goalInput(stageId, { objectiveId: own, title: "Dropped goal" }) });
    await changeGoalStatus({ actor: cco, goalId: dropped.goalId, status: "cancelled", reason: "Out of scope" });
    const objective = (await listObjectives({ actor: cco })).find((o) => o.id === own)!;
    const serving = await listGoals({ objectiveId: own, status: "all" });
    expect(serving.map((g) => g.id).sort()).toEqual([kept.goalId, dropped.goalId].sort());
    const keptRow = serving.find((g) => g.id === kept.goalId)!;
    // Counted in SQL, the same as the rules say goal by goal: the kept one by its health (or status), the cancelled one apart.
    const expected = keptRow.health ? { byHealth: { [keptRow.health]: 1 }, byStatus: { cancelled: 1 } } : { byHealth: {}, byStatus: { [keptRow.status]: 1, cancelled: 1 } };
    expect({ goals: objective.goals, byHealth: objective.byHealth, byStatus: objective.byStatus }).toEqual({ goals: 2, ...expected });
  });
});
