import crypto from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { checkIns, goals, notifications, ownershipAssignments } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { changeGoalStatus, correctCheckIn, createGoal, recordCheckIn } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import { getGoal, goalSummaryByStage, listGoals, stageIdsSql } from "@/lib/goals/queries";
import { resultRows } from "@/db/client";
import { todayIn } from "@/lib/time";
import { archiveStage } from "@/lib/journeys/commands";
import type { CreateGoalInput } from "@/lib/goals/schemas";
import { runStaleGoalSweep } from "@/lib/goals/stale";
import { assignOwnership, proposeHandoff, respondToHandoff } from "@/lib/ownership/commands";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { actorOf, makeCast, makeUser } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

const db = useTestDatabase();
const DAY = 86_400_000;
const daysFrom = (n: number) => todayIn("UTC", new Date(Date.now() + n * DAY));
const TODAY = () => todayIn("UTC");

let cco: Actor;
let cast: Awaited<ReturnType<typeof makeCast>>;
let alpha: HeadedDepartment;
let beta: HeadedDepartment;
let owner: Actor; // an Alpha member who owns Alpha's goals (neither the head nor the other member)
let objectiveId: string;
beforeAll(async () => {
  cast = await makeCast(db());
  cco = cast.actors.cco;
  alpha = await makeHeadedDepartment(db(), `Alpha ${uniq()}`);
  beta = await makeHeadedDepartment(db(), `Beta ${uniq()}`);
  owner = actorOf(await makeUser(db(), { role: "member", departmentId: alpha.id, name: "Goal Owner" }), alpha.name);
  ({ objectiveId } = (await createObjective({ actor: cco, input: { title: `Aim ${uniq()}`, description: "", periodStart: "2024-01-01", periodEnd: "2035-01-01" } }))!);
});

async function alphaStage() {
  const { stageIds } = await makeJourney(cco, 1);
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, alpha) });
  return stageIds[0]!;
}
/** An active goal from 0 to 100 that started 10 days ago and is due in 10 (expected progress today: 50%). */
async function activeGoal(over: Partial<CreateGoalInput> = {}, stageId?: string) {
  const input: CreateGoalInput = {
    stageId: stageId ?? (await alphaStage()), activate: true, title: `Goal ${uniq()}`, description: "Customers wait less at the counter.", metricName: "Served within 5 min",
    metricUnit: "%", baseline: "0", target: "100", direction: "increase", startDate: daysFrom(-10), dueDate: daysFrom(10), ownerId: owner.id, objectiveId, budget: "0", people: "1", resourcesNote: "", ...over,
  };
  return (await createGoal({ actor: cco, input })).goalId;
}
const checkIn = (actor: Actor, goalId: string, value: string, measuredOn = TODAY()) => recordCheckIn({ actor, goalId, input: { value, confidence: "medium", note: "", measuredOn } });
const goalRow = async (id: string) => (await db().select().from(goals).where(eq(goals.id, id)))[0]!;
const healthOf = async (goalId: string) => (await listGoals({ goalIds: [goalId], status: "all" }))[0]!.health;
const inbox = (userId: string, kind: string, goalId: string) =>
  db().select().from(notifications).where(and(eq(notifications.userId, userId), sql`${notifications.kind}::text = ${kind}`, eq(notifications.link, `/goals/${goalId}`)));

describe("recording check-ins", () => {
  it("the owner, a member of the department, its head and the CCO may record; each is audited", async () => {
    const goalId = await activeGoal();
    for (const [actor, value] of [[owner, "10"], [alpha.member, "20"], [alpha.head, "30"], [cco, "40"]] as const) {
      const mark = await auditMark(db());
      const { checkInId } = await checkIn(actor, goalId, value, daysFrom(-1));
      expect(await auditSince(db(), mark)).toMatchObject([
        { action: "check_in.recorded", actorId: actor.id, entityType: "check_in", entityId: checkInId, after: { goalId, value, confidence: "medium", measuredOn: daysFrom(-1) } },
      ]);
    }
    expect((await getGoal(goalId)).checkIns.map((c) => c.value)).toEqual(["40", "30", "20", "10"]);
  });

  it("refuses another department's head and member, an executive and an admin", async () => {
    const goalId = await activeGoal();
    for (const actor of [beta.head, beta.member, cast.actors.executive, cast.actors.admin, cast.actors.member]) {
      await expectRefused(db(), () => checkIn(actor, goalId, "5"), "forbidden");
    }
  });

  it("refuses draft, cancelled and closed goals, future dates and unknown goals", async () => {
    const draft = await activeGoal({ activate: false });
    await expectRefused(db(), () => checkIn(owner, draft, "5"), "conflict", "Activate this goal before recording check-ins.");
    const cancelled = await activeGoal();
    await changeGoalStatus({ actor: cco, goalId: cancelled, status: "cancelled", reason: "Dropped" });
    await expectRefused(db(), () => checkIn(owner, cancelled, "5"), "conflict", "This goal is cancelled; it takes no more check-ins.");
    const achieved = await activeGoal();
    await changeGoalStatus({ actor: cco, goalId: achieved, status: "achieved", reason: "" });
    await expectRefused(db(), () => checkIn(owner, achieved, "5"), "conflict", /achieved/);
    const live = await activeGoal();
    const e = await expectRefused(db(), () => checkIn(owner, live, "5", daysFrom(1)), "invalid");
    expect(e.fieldErrors).toEqual({ measuredOn: ["The measurement date cannot be in the future."] });
    await expectRefused(db(), () => checkIn(cco, crypto.randomUUID(), "5"), "not_found");
  });
});

describe("correcting a check-in", () => {
  it("only its author may, and check_in.corrected records before and after", async () => {
    const goalId = await activeGoal();
    const { checkInId } = await checkIn(alpha.member, goalId, "40", daysFrom(-2));
    const input = { value: "45.5", confidence: "high" as const, note: "Recounted", measuredOn: daysFrom(-1) };
    for (const actor of [alpha.head, cco, owner, beta.head]) {
      await expectRefused(db(), () => correctCheckIn({ actor, checkInId, input }), "forbidden", "Only the person who recorded a check-in can correct it.");
    }
    const e = await expectRefused(db(), () => correctCheckIn({ actor: alpha.member, checkInId, input: { ...input, measuredOn: daysFrom(2) } }), "invalid");
    expect(Object.keys(e.fieldErrors)).toEqual(["measuredOn"]);
    await expectRefused(db(), () => correctCheckIn({ actor: alpha.member, checkInId: crypto.randomUUID(), input }), "not_found");

    const mark = await auditMark(db());
    await correctCheckIn({ actor: alpha.member, checkInId, input });
    const [row] = await db().select().from(checkIns).where(eq(checkIns.id, checkInId));
    expect(row).toMatchObject({ value: "45.5", confidence: "high", note: "Recounted", measuredOn: daysFrom(-1), authorId: alpha.member.id });
    expect(row!.correctedAt).toBeInstanceOf(Date);
    expect(await auditSince(db(), mark)).toMatchObject([
      {
        action: "check_in.corrected", actorId: alpha.member.id, entityId: checkInId,
        before: { goalId, value: "40", confidence: "medium", note: "", measuredOn: daysFrom(-2) },
        after: { goalId, value: "45.5", confidence: "high", note: "Recounted", measuredOn: daysFrom(-1) },
      },
    ]);
    expect((await getGoal(goalId)).row.latestValue).toBe("45.5");
  });

  it("is refused once the goal is cancelled", async () => {
    const goalId = await activeGoal();
    const { checkInId } = await checkIn(owner, goalId, "10");
    await changeGoalStatus({ actor: cco, goalId, status: "cancelled", reason: "Dropped" });
    await expectRefused(db(), () => correctCheckIn({ actor: owner, checkInId, input: { value: "11", confidence: "low", note: "", measuredOn: TODAY() } }), "conflict", /cancelled/);
  });
});

describe("health follows the check-ins", () => {
  it("no data → on track → at risk → off track; the owner and the head are told once when it goes off track", async () => {
    const stageId = await alphaStage();
    const goalId = await activeGoal({}, stageId);
    const offTrack = async () => [(await inbox(owner.id, "goal_off_track", goalId)).length, (await inbox(alpha.head.id, "goal_off_track", goalId)).length];
    expect(await healthOf(goalId)).toBe("no_data");
    expect((await getGoal(goalId)).row).toMatchObject({ health: "no_data", progress: null, expected: 0.5 });

    await checkIn(cco, goalId, "50");
    expect(await healthOf(goalId)).toBe("on_track");
    await checkIn(cco, goalId, "30");
    expect(await healthOf(goalId)).toBe("at_risk");
    expect(await offTrack()).toEqual([0, 0]);

    await checkIn(cco, goalId, "10");
    expect((await getGoal(goalId)).row).toMatchObject({ health: "off_track", progress: 0.1, latestValue: "10" });
    expect(await offTrack()).toEqual([1, 1]);
    expect((await inbox(owner.id, "goal_off_track", goalId))[0]).toMatchObject({ title: expect.stringContaining("is off track") });
    await checkIn(cco, goalId, "5");
    expect(await offTrack()).toEqual([1, 1]);
    expect(await inbox(alpha.member.id, "goal_off_track", goalId)).toEqual([]);

    // An older measurement does not displace the latest one.
    await checkIn(cco, goalId, "95", daysFrom(-3));
    expect(await healthOf(goalId)).toBe("off_track");
    expect((await goalSummaryByStage([stageId])).get(stageId)).toEqual({ stageId, open: 1, counts: { off_track: 1 }, stale: 0 });
    await checkIn(cco, goalId, "100");
    expect(await healthOf(goalId)).toBe("achieved");
    expect(await listGoals({ stageIds: [stageId], health: "achieved" })).toMatchObject([{ id: goalId }]);
  });
});

describe("the board's goal summary, read by journey", () => {
  it("covers the journey's live stages as their ids do, and leaves an archived stage out", async () => {
    const { journeyId, stageIds } = await makeJourney(cco, 3);
    const [a, b, c] = stageIds as [string, string, string];
    for (const s of stageIds) await assignOwnership({ actor: cco, input: assignInput(s, alpha) });
    const onA = await activeGoal({}, a);
    await activeGoal({}, b);
    await activeGoal({}, c);
    await checkIn(cco, onA, "10");
    const byIds = await goalSummaryByStage([a, b, c]);
    expect(await goalSummaryByStage({ liveStagesOf: journeyId })).toEqual(byIds);
    expect(byIds.get(a)).toEqual({ stageId: a, open: 1, counts: { off_track: 1 }, stale: 0 });
    // Archiving retires the stage's goals, so the summary alone cannot show the stage is left out:
    // the journey's form names its live stages, and c is no longer one of them.
    await archiveStage({ actor: cco, stageId: c });
    expect([...(await goalSummaryByStage({ liveStagesOf: journeyId })).keys()].sort()).toEqual([a, b].sort());
    const live = resultRows<{ id: string }>(await db().execute(stageIdsSql({ liveStagesOf: journeyId })));
    expect(live.map((r) => r.id).sort()).toEqual([a, b].sort());
  });
});

describe("the stale sweep", () => {
  it("notifies the owner once, escalates to the CCOs once a further period later, and a check-in resets it", async () => {
    // Every other active goal in this file started 10 days ago, within the 14-day stale period.
    const goalId = await activeGoal({ startDate: daysFrom(-30), dueDate: daysFrom(30) });
    const staleNotes = async () => (await inbox(owner.id, "goal_stale", goalId)).length;
    const escalations = async () => (await inbox(cco.id, "goal_stale_escalated", goalId)).length;
    expect((await listGoals({ goalIds: [goalId] }))[0]!.stale).toBe(true);

    expect(await runStaleGoalSweep()).toEqual({ notified: 1, escalated: 0 });
    expect([await staleNotes(), await escalations()]).toEqual([1, 0]);
    expect(await runStaleGoalSweep()).toEqual({ notified: 0, escalated: 0 });

    // Not yet a further full period since the reminder: no escalation.
    await db().update(goals).set({ staleNotifiedAt: sql`now() - interval '13 days'` }).where(eq(goals.id, goalId));
    expect(await runStaleGoalSweep()).toEqual({ notified: 0, escalated: 0 });
    await db().update(goals).set({ staleNotifiedAt: sql`now() - interval '15 days'` }).where(eq(goals.id, goalId));
    expect(await runStaleGoalSweep()).toEqual({ notified: 0, escalated: 1 });
    expect(await runStaleGoalSweep()).toEqual({ notified: 0, escalated: 0 });
    expect([await staleNotes(), await escalations()]).toEqual([1, 1]);
    expect(await inbox(owner.id, "goal_stale_escalated", goalId)).toEqual([]);

    await checkIn(owner, goalId, "20");
    expect(await goalRow(goalId)).toMatchObject({ staleNotifiedAt: null, staleEscalatedAt: null });
    expect((await listGoals({ goalIds: [goalId] }))[0]!.stale).toBe(false);
    expect(await runStaleGoalSweep()).toEqual({ notified: 0, escalated: 0 });
    expect([await staleNotes(), await escalations()]).toEqual([1, 1]);
  });

  it("ignores drafts and closed goals however old they are", async () => {
    const draft = await activeGoal({ activate: false, startDate: daysFrom(-60), dueDate: daysFrom(30) });
    const missed = await activeGoal({ startDate: daysFrom(-60), dueDate: daysFrom(-1), confirmOverdue: true });
    await changeGoalStatus({ actor: cco, goalId: missed, status: "missed", reason: "Too late" });
    expect(await runStaleGoalSweep()).toEqual({ notified: 0, escalated: 0 });
    expect(await goalRow(draft)).toMatchObject({ staleNotifiedAt: null });
  });
});

describe("a handoff takes the stage's open goals with it, or retires them", () => {
  async function handedOff(goalDisposition: "move" | "retire") {
    const stageId = await alphaStage();
    const active = await activeGoal({}, stageId);
    const draft = await activeGoal({ activate: false }, stageId);
    const closed = await activeGoal({}, stageId);
    await changeGoalStatus({ actor: cco, goalId: closed, status: "achieved", reason: "" });
    const note = `Beta runs it now ${uniq()}`;
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: { stageId, toDepartmentId: beta.id, note, goalDisposition, force: false } });
    expect((await goalRow(active)).departmentId).toBe(alpha.id); // an offer alone changes nothing
    const mark = await auditMark(db());
    await respondToHandoff({ actor: beta.head, handoffId, response: "accept", reason: "" });
    const events = await auditSince(db(), mark);
    const [assignment] = await db().select().from(ownershipAssignments).where(and(eq(ownershipAssignments.stageId, stageId), eq(ownershipAssignments.raci, "accountable"), isNull(ownershipAssignments.validTo)));
    return { stageId, active, draft, closed, note, events, assignment: assignment! };
  }

  it("move: open goals go to the new department, owned by its accountable person, in the handoff's transaction", async () => {
    const { active, draft, closed, note, events, assignment } = await handedOff("move");
    expect(assignment).toMatchObject({ departmentId: beta.id, personId: beta.head.id, source: "handed_off" });
    for (const id of [active, draft]) expect(await goalRow(id)).toMatchObject({ departmentId: beta.id, ownerId: beta.head.id });
    expect(await goalRow(active)).toMatchObject({ status: "active" });
    expect(await goalRow(draft)).toMatchObject({ status: "draft" });
    expect(await goalRow(closed)).toMatchObject({ departmentId: alpha.id, ownerId: owner.id, status: "achieved" });
    const moved = events.filter((e) => e.action === "goal.moved");
    expect(moved.map((e) => e.entityId).sort()).toEqual([active, draft].sort());
    for (const e of moved) expect(e).toMatchObject({ actorId: beta.head.id, reason: note, before: { departmentId: alpha.id, ownerId: owner.id }, after: { departmentId: beta.id, ownerId: beta.head.id } });
    // One transaction: now() is the same for the ownership change, the goals and every event.
    const at = assignment.validFrom.getTime();
    expect(events.map((e) => e.createdAt.getTime())).toEqual(events.map(() => at));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["handoff.accepted", "ownership.handed_off"]));
    expect((await goalRow(active)).updatedAt.getTime()).toBe(at);
    // The goal now belongs to Beta: its people may check in, Alpha's may not.
    await checkIn(beta.member, active, "10");
    await expectRefused(db(), () => checkIn(owner, active, "10"), "forbidden");
  });

  it("retire: open goals are cancelled with the reason recorded, and goal.retired audited", async () => {
    const { active, draft, closed, note, events, assignment } = await handedOff("retire");
    for (const id of [active, draft]) {
      expect(await goalRow(id)).toMatchObject({ status: "cancelled", statusReason: "Retired when the stage was handed off.", departmentId: alpha.id, ownerId: owner.id });
    }
    expect(await goalRow(closed)).toMatchObject({ status: "achieved", statusReason: null });
    const retired = events.filter((e) => e.action === "goal.retired");
    expect(retired.map((e) => e.entityId).sort()).toEqual([active, draft].sort());
    for (const e of retired) expect(e).toMatchObject({ actorId: beta.head.id, reason: note, before: { status: expect.stringMatching(/^(active|draft)$/) }, after: { status: "cancelled" } });
    expect(events.every((e) => e.createdAt.getTime() === assignment.validFrom.getTime())).toBe(true);
    await expectRefused(db(), () => checkIn(owner, active, "10"), "conflict", /cancelled/);
  });

  it("a declined handoff leaves the goals alone", async () => {
    const stageId = await alphaStage();
    const goalId = await activeGoal({}, stageId);
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: { stageId, toDepartmentId: beta.id, note: "Yours?", goalDisposition: "retire", force: false } });
    const before = await goalRow(goalId);
    const mark = await auditMark(db());
    await respondToHandoff({ actor: beta.head, handoffId, response: "decline", reason: "Not ours" });
    expect(await goalRow(goalId)).toEqual(before);
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["handoff.declined"]);
  });
});
