import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, customerSignals, disputeParties, disputes, followUpEvents, followUps, goals, notifications, objectives } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { DomainError } from "@/lib/errors";
import { addFollowUpNote, linkFollowUpGoal, raiseFollowUpDispute, takeStep } from "@/lib/follow-ups/commands";
import { openFollowUps, openFollowUpsForNegativeSignals } from "@/lib/follow-ups/open";
import { followUpDashboard, getFollowUp, listFollowUpsPage, myOpenFollowUpCount } from "@/lib/follow-ups/queries";
import { followUpFilterSchema } from "@/lib/follow-ups/schemas";
import { runFollowUpSweep } from "@/lib/follow-ups/sweep";
import { runJob } from "@/lib/jobs/definitions";
import { assignOwnership, claimStage, proposeHandoff, respondToHandoff } from "@/lib/ownership/commands";
import { FIRST_PAGE } from "@/lib/pagination";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney, type HeadedDepartment } from "../helpers/ownership-fixtures";

// The follow-up life cycle (issue 14, the closed loop): open → acknowledged → action taken →
// closed (and reopened), each step with its note, history row and audit event; who may act;
// follow-ups moving with their stage's owner; the overdue sweep notifying then escalating.
const db = useTestDatabase();

let cast: Awaited<ReturnType<typeof makeCast>>;
let cco: Actor;
let sales: HeadedDepartment;
let support: HeadedDepartment;
let journeyId: string;
let stageIds: string[];

beforeAll(async () => {
  cast = await makeCast(db());
  cco = cast.actors.cco;
  sales = await makeHeadedDepartment(db(), "Sales FU");
  support = await makeHeadedDepartment(db(), "Support FU");
  ({ journeyId, stageIds } = await makeJourney(cco, 4));
  // Stages 0–1 owned by Sales; 2 and 3 stay unowned (the CCO's queue).
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, sales) });
  await assignOwnership({ actor: cco, input: assignInput(stageIds[1]!, sales) });
});

/** A negative signal on `stageId` and the follow-up it opens, as intake does: one transaction. */
async function negativeFollowUp(stageId: string, comment: string | null = "Late and rude") {
  return db().transaction(async (tx) => {
    const [s] = await tx.insert(customerSignals).values({ stageId, source: "survey", receivedAt: new Date(), scale: "csat", score: "1", comment }).returning();
    const [f] = await openFollowUpsForNegativeSignals(tx, [{ id: s!.id, stageId, scale: "csat", score: "1" }], null);
    return f!;
  });
}

const row = async (id: string) => (await db().select().from(followUps).where(eq(followUps.id, id)))[0]!;
const history = async (id: string) => (await db().select().from(followUpEvents).where(eq(followUpEvents.followUpId, id)).orderBy(followUpEvents.createdAt, followUpEvents.id)).map((e) => e.kind);
const audits = async (id: string) => (await db().select().from(auditEvents).where(and(eq(auditEvents.entityType, "follow_up"), eq(auditEvents.entityId, id)))).map((a) => a.action);
const notified = async (userId: string, kind: "follow_up_moved" | "follow_up_overdue" | "follow_up_escalated") =>
  db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

describe("the life cycle", () => {
  it("opens for a negative signal with the stage's owner and an 'opened' event; a positive one opens nothing", async () => {
    const f = await negativeFollowUp(stageIds[0]!);
    expect(f.departmentId).toBe(sales.id);
    expect(await history(f.id)).toEqual(["opened"]);
    const none = await db().transaction(async (tx) => {
      const [s] = await tx.insert(customerSignals).values({ stageId: stageIds[0]!, source: "survey", receivedAt: new Date(), scale: "csat", score: "5" }).returning();
      return openFollowUpsForNegativeSignals(tx, [{ id: s!.id, stageId: stageIds[0]!, scale: "csat", score: "5" }], null);
    });
    expect(none).toEqual([]);
  });

  it("moves open → acknowledged → action taken → closed → open, each with its note, event and audit event", async () => {
    const f = await negativeFollowUp(stageIds[0]!);
    await takeStep({ actor: sales.member, step: "acknowledge", input: { followUpId: f.id, note: "", expectedStatus: "open" } });
    expect((await row(f.id)).status).toBe("acknowledged");
    await takeStep({ actor: sales.head, step: "take_action", input: { followUpId: f.id, note: "Called the customer, refunded the delivery", expectedStatus: "acknowledged" } });
    await takeStep({ actor: sales.head, step: "close", input: { followUpId: f.id, note: "Customer satisfied", expectedStatus: "action_taken" } });
    const closed = await row(f.id);
    expect(closed.status).toBe("closed");
    expect(closed.closedAt).not.toBeNull();
    await takeStep({ actor: cco, step: "reopen", input: { followUpId: f.id, note: "They wrote again", expectedStatus: "closed" } });
    const reopened = await row(f.id);
    expect(reopened).toMatchObject({ status: "open", closedAt: null, overdueNotifiedAt: null, escalatedAt: null });
    expect(reopened.dueAt.getTime()).toBeGreaterThan(Date.now());
    expect(await history(f.id)).toEqual(["opened", "acknowledged", "action_taken", "closed", "reopened"]);
    const notes = await db().select({ kind: followUpEvents.kind, note: followUpEvents.note, from: followUpEvents.fromStatus, to: followUpEvents.toStatus }).from(followUpEvents).where(eq(followUpEvents.followUpId, f.id)).orderBy(followUpEvents.createdAt, followUpEvents.id);
    expect(notes[2]).toEqual({ kind: "action_taken", note: "Called the customer, refunded the delivery", from: "acknowledged", to: "action_taken" });
    expect((await audits(f.id)).sort()).toEqual(["follow_up.acknowledged", "follow_up.action_taken", "follow_up.closed", "follow_up.reopened"]);
  });

  it("refuses steps out of order, stale forms and missing notes, writing nothing", async () => {
    const f = await negativeFollowUp(stageIds[0]!);
    await expectRefused(db(), () => takeStep({ actor: sales.head, step: "close", input: { followUpId: f.id, note: "Done", expectedStatus: null } }), "conflict", /Record the action taken before closing/);
    await expectRefused(db(), () => takeStep({ actor: sales.head, step: "take_action", input: { followUpId: f.id, note: "Done", expectedStatus: null } }), "conflict", /Acknowledge this follow-up before/);
    await expectRefused(db(), () => takeStep({ actor: sales.head, step: "reopen", input: { followUpId: f.id, note: "Again", expectedStatus: null } }), "conflict", /already open/);
    await expectRefused(db(), () => takeStep({ actor: sales.head, step: "take_action", input: { followUpId: f.id, note: "  ", expectedStatus: null } }), "invalid");
    await takeStep({ actor: sales.head, step: "acknowledge", input: { followUpId: f.id, note: "On it", expectedStatus: "open" } });
    // A second person acknowledging from the page they loaded earlier.
    await expectRefused(db(), () => takeStep({ actor: sales.member, step: "acknowledge", input: { followUpId: f.id, note: "", expectedStatus: "open" } }), "stale", /now acknowledged/);
    await expectRefused(db(), () => takeStep({ actor: sales.member, step: "acknowledge", input: { followUpId: f.id, note: "", expectedStatus: null } }), "conflict", /already acknowledged/);
    await expectRefused(db(), () => takeStep({ actor: sales.head, step: "acknowledge", input: { followUpId: "00000000-0000-4000-8000-000000000000", note: "", expectedStatus: null } }), "not_found");
  });

  it("lets the owning department and the CCO act; other departments and executives read only; the unowned queue is the CCO's", async () => {
    const f = await negativeFollowUp(stageIds[0]!);
    const step = (actor: Actor) => () => takeStep({ actor, step: "acknowledge", input: { followUpId: f.id, note: "", expectedStatus: null } });
    await expectRefused(db(), step(support.head), "forbidden", /Sales FU/);
    await expectRefused(db(), step(support.member), "forbidden");
    await expectRefused(db(), step(cast.actors.executive), "forbidden", /read follow-ups/);
    await expectRefused(db(), step(cast.actors.admin), "forbidden");
    await expectRefused(db(), () => addFollowUpNote({ actor: cast.actors.executive, followUpId: f.id, note: "Hm" }), "forbidden");
    await takeStep({ actor: cco, step: "acknowledge", input: { followUpId: f.id, note: "Seen", expectedStatus: "open" } });

    const unowned = await negativeFollowUp(stageIds[2]!);
    expect(unowned.departmentId).toBeNull();
    await expectRefused(db(), () => takeStep({ actor: sales.head, step: "acknowledge", input: { followUpId: unowned.id, note: "", expectedStatus: null } }), "forbidden", /CCO's queue/);
    await takeStep({ actor: cco, step: "acknowledge", input: { followUpId: unowned.id, note: "", expectedStatus: "open" } });
  });

  it("adds notes at any status, and links an open goal of the same stage only", async () => {
    const f = await negativeFollowUp(stageIds[0]!);
    await addFollowUpNote({ actor: sales.member, followUpId: f.id, note: "Asked the courier for the route log" });
    const [objective] = await db().insert(objectives).values({ title: `Keep customers ${Date.now()}`, periodStart: "2026-01-01", periodEnd: "2027-12-31" }).returning();
    const base = { description: "", metricUnit: "%", objectiveId: objective!.id, budget: "0", people: 1 };
    const [goal] = await db()
      .insert(goals)
      .values({ stageId: stageIds[0]!, departmentId: sales.id, ...base, title: "Fewer late deliveries", metricName: "Late %", baseline: "20", target: "5", direction: "decrease", startDate: "2026-01-01", dueDate: "2027-12-31", ownerId: sales.head.id, status: "active" })
      .returning();
    const [otherGoal] = await db()
      .insert(goals)
      .values({ stageId: stageIds[1]!, departmentId: sales.id, ...base, title: "Other stage", metricName: "x", baseline: "1", target: "2", direction: "increase", startDate: "2026-01-01", dueDate: "2027-12-31", ownerId: sales.head.id, status: "active" })
      .returning();
    const wrongStage = await expectRefused(db(), () => linkFollowUpGoal({ actor: sales.head, input: { followUpId: f.id, goalId: otherGoal!.id, note: "" } }), "invalid");
    expect(wrongStage.fieldErrors.goalId).toEqual(["Choose a goal of this follow-up's stage."]);
    await linkFollowUpGoal({ actor: sales.head, input: { followUpId: f.id, goalId: goal!.id, note: "" } });
    expect((await row(f.id)).goalId).toBe(goal!.id);
    await expectRefused(db(), () => linkFollowUpGoal({ actor: sales.head, input: { followUpId: f.id, goalId: goal!.id, note: "" } }), "conflict", /already linked/);
    expect(await history(f.id)).toEqual(["opened", "note", "linked_goal"]);
    expect((await audits(f.id)).sort()).toEqual(["follow_up.goal_linked", "follow_up.noted"]);
  });

  it("raises a real ownership dispute from a follow-up ('not our stage'), once while it is open", async () => {
    const f = await negativeFollowUp(stageIds[1]!);
    await expectRefused(db(), () => raiseFollowUpDispute({ actor: sales.member, input: { followUpId: f.id, partyDepartmentIds: [support.id], description: "Support delivers" } }), "forbidden", /head or the CCO/);
    await expectRefused(db(), () => raiseFollowUpDispute({ actor: sales.head, input: { followUpId: f.id, partyDepartmentIds: [sales.id], description: "x" } }), "invalid");
    const { disputeId } = await raiseFollowUpDispute({ actor: sales.head, input: { followUpId: f.id, partyDepartmentIds: [support.id], description: "Support runs the delivery, not us" } });
    const [d] = await db().select().from(disputes).where(eq(disputes.id, disputeId));
    expect(d).toMatchObject({ kind: "ownership", stageId: stageIds[1], status: "open", raisedById: sales.head.id });
    const parties = (await db().select().from(disputeParties).where(eq(disputeParties.disputeId, disputeId))).map((p) => p.departmentId).sort();
    expect(parties).toEqual([sales.id, support.id].sort());
    expect((await row(f.id)).disputeId).toBe(disputeId);
    expect(await history(f.id)).toEqual(["opened", "dispute_raised"]);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, "dispute.raised"), eq(auditEvents.entityId, disputeId)))).toHaveLength(1);
    await expectRefused(db(), () => raiseFollowUpDispute({ actor: sales.head, input: { followUpId: f.id, partyDepartmentIds: [support.id], description: "Again" } }), "conflict", /still open/);
  });
});

describe("moving with the stage", () => {
  it("moves open follow-ups (not closed ones) on a claim, an assignment and an accepted handoff, with a 'moved' event and a notification", async () => {
    const stageId = stageIds[3]!;
    const open = await negativeFollowUp(stageId);
    const done = await negativeFollowUp(stageId);
    await takeStep({ actor: cco, step: "acknowledge", input: { followUpId: done.id, note: "", expectedStatus: null } });
    await takeStep({ actor: cco, step: "take_action", input: { followUpId: done.id, note: "Fixed", expectedStatus: null } });
    await takeStep({ actor: cco, step: "close", input: { followUpId: done.id, note: "Closed", expectedStatus: null } });

    // Unowned → claimed by Support's head.
    await claimStage({ actor: support.head, stageId });
    expect((await row(open.id)).departmentId).toBe(support.id);
    expect((await row(done.id)).departmentId).toBeNull();
    expect(await history(open.id)).toEqual(["opened", "moved"]);

    // Support → Sales by the CCO: Sales' head hears about it.
    await assignOwnership({ actor: cco, input: assignInput(stageId, sales, { reason: "Sales runs it now" }) });
    expect((await row(open.id)).departmentId).toBe(sales.id);
    const [moved] = await db().select().from(followUpEvents).where(and(eq(followUpEvents.followUpId, open.id), eq(followUpEvents.kind, "moved"), eq(followUpEvents.toDepartmentId, sales.id)));
    expect(moved).toMatchObject({ fromDepartmentId: support.id, actorId: cco.id });
    expect((await notified(sales.head.id, "follow_up_moved")).length).toBeGreaterThanOrEqual(1);

    // Sales → Support by an accepted handoff.
    const { handoffId } = await proposeHandoff({ actor: sales.head, input: { stageId, toDepartmentId: support.id, note: "Back to you", goalDisposition: "move", force: false } });
    await respondToHandoff({ actor: support.head, handoffId, response: "accept", reason: "" });
    expect((await row(open.id)).departmentId).toBe(support.id);
    expect(await history(open.id)).toEqual(["opened", "moved", "moved", "moved"]);
    expect((await row(done.id)).departmentId).toBeNull();
  });
});

describe("the overdue sweep", () => {
  it("notifies the owning head once when overdue, then escalates to the CCOs a further service level later", async () => {
    const f = await negativeFollowUp(stageIds[0]!);
    await db().update(followUps).set({ createdAt: sql`now() - interval '30 days'`, dueAt: sql`now() - interval '1 day'` }).where(eq(followUps.id, f.id));
    const before = (await notified(sales.head.id, "follow_up_overdue")).length;
    const first = await runFollowUpSweep();
    expect(first.notified).toBeGreaterThanOrEqual(1);
    expect((await row(f.id)).overdueNotifiedAt).not.toBeNull();
    expect((await row(f.id)).escalatedAt).toBeNull();
    expect((await notified(sales.head.id, "follow_up_overdue")).length).toBe(before + 1);
    // Once only.
    await runJob("follow-ups.overdue-sweep", {});
    expect((await notified(sales.head.id, "follow_up_overdue")).length).toBe(before + 1);
    expect(await history(f.id)).toEqual(["opened", "overdue_notified"]);

    // A further service level (5 days by default) past due: the CCOs hear.
    await db().update(followUps).set({ dueAt: sql`now() - interval '6 days'` }).where(eq(followUps.id, f.id));
    const ccoBefore = (await notified(cco.id, "follow_up_escalated")).length;
    const second = await runFollowUpSweep();
    expect(second.escalated).toBeGreaterThanOrEqual(1);
    expect((await row(f.id)).escalatedAt).not.toBeNull();
    expect((await notified(cco.id, "follow_up_escalated")).length).toBe(ccoBefore + 1);
    await runFollowUpSweep();
    expect((await notified(cco.id, "follow_up_escalated")).length).toBe(ccoBefore + 1);
    expect(await history(f.id)).toEqual(["opened", "overdue_notified", "escalated"]);
  });

  it("never notifies and escalates in the same run, and leaves closed follow-ups alone", async () => {
    const f = await negativeFollowUp(stageIds[0]!);
    await db().update(followUps).set({ createdAt: sql`now() - interval '30 days'`, dueAt: sql`now() - interval '20 days'` }).where(eq(followUps.id, f.id));
    await runFollowUpSweep();
    expect((await row(f.id)).overdueNotifiedAt).not.toBeNull();
    expect((await row(f.id)).escalatedAt).toBeNull();
    const g = await negativeFollowUp(stageIds[0]!);
    for (const step of ["acknowledge", "take_action", "close"] as const) await takeStep({ actor: sales.head, step, input: { followUpId: g.id, note: "n", expectedStatus: null } });
    await db().update(followUps).set({ createdAt: sql`now() - interval '30 days'`, dueAt: sql`now() - interval '20 days'` }).where(eq(followUps.id, g.id));
    await runFollowUpSweep();
    expect((await row(g.id)).overdueNotifiedAt).toBeNull();
  });
});

describe("reading", () => {
  it("lists a head's department first, filters by status and stage, counts their open ones, and shows the signal", async () => {
    const page = await listFollowUpsPage({ actor: support.head, filter: followUpFilterSchema.parse({}), paging: FIRST_PAGE });
    expect(page.total).toBeGreaterThan(0);
    const firstOther = page.rows.findIndex((r) => r.departmentId !== support.id);
    const lastMine = page.rows.map((r) => r.departmentId === support.id).lastIndexOf(true);
    if (firstOther >= 0 && lastMine >= 0) expect(lastMine).toBeLessThan(firstOther);
    expect(page.rows.every((r) => r.status !== "closed")).toBe(true);
    const closed = await listFollowUpsPage({ actor: cco, filter: followUpFilterSchema.parse({ status: "closed" }), paging: FIRST_PAGE });
    expect(closed.rows.length).toBeGreaterThan(0);
    expect(closed.rows.every((r) => r.status === "closed")).toBe(true);
    const byStage = await listFollowUpsPage({ actor: cco, filter: followUpFilterSchema.parse({ stageId: stageIds[2], status: "all" }), paging: FIRST_PAGE });
    expect(byStage.rows.every((r) => r.stageId === stageIds[2])).toBe(true);
    expect(await myOpenFollowUpCount(cast.actors.executive)).toBeNull();
    const salesOpen = (await db().select().from(followUps).where(and(eq(followUps.departmentId, sales.id), sql`${followUps.status} <> 'closed'`))).length;
    expect(await myOpenFollowUpCount(sales.head)).toBe(salesOpen);

    const f = await negativeFollowUp(stageIds[0]!, "Driver shouted");
    const detail = await getFollowUp(sales.member, f.id);
    expect(detail).toMatchObject({ score: "1", scale: "csat", comment: "Driver shouted", commentRemoved: false, stageId: stageIds[0], journeyId, steps: ["acknowledge"], mayAct: true });
    expect((await getFollowUp(cast.actors.executive, f.id)).steps).toEqual([]);
    await db().update(customerSignals).set({ comment: null, commentRemovedAt: new Date(), commentRemovedReason: "Names a person" }).where(sql`id = (select signal_id from follow_ups where id = ${f.id})`);
    expect(await getFollowUp(sales.member, f.id)).toMatchObject({ comment: null, commentRemoved: true });
    const dash = await followUpDashboard();
    expect(dash.open).toBeGreaterThan(0);
    expect(dash.overdue).toBeGreaterThan(0);
    expect(dash.rows[0]!.overdue).toBeGreaterThan(0);
  });
});

describe("concurrent steps (truly parallel on PostgreSQL, queued on PGlite)", () => {
  it("of many acknowledging the same follow-up at once, exactly one succeeds", async () => {
    for (let round = 0; round < 5; round++) {
      const f = await negativeFollowUp(stageIds[0]!);
      const actors = [sales.head, sales.member, cco, sales.head, sales.member, cco];
      const results = await Promise.allSettled(actors.map((actor) => takeStep({ actor, step: "acknowledge", input: { followUpId: f.id, note: "", expectedStatus: "open" } })));
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(DomainError);
      expect(await history(f.id)).toEqual(["opened", "acknowledged"]);
      expect(await audits(f.id)).toEqual(["follow_up.acknowledged"]);
    }
  });
});

// Flagged signals use the same entry point (a user's flag needs an actor).
it("opens a follow-up for a flagged signal through openFollowUps", async () => {
  const f = await db().transaction(async (tx) => {
    const [s] = await tx.insert(customerSignals).values({ stageId: stageIds[1]!, source: "support", receivedAt: new Date(), comment: "Asked to be called back" }).returning();
    return (await openFollowUps(tx, [{ id: s!.id, stageId: stageIds[1]! }], { reason: "flagged", actorId: sales.head.id, note: "Worth a call" }))[0]!;
  });
  expect((await row(f.id)).reason).toBe("flagged");
});
