import crypto from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, departments, notifications, ownershipAssignments } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { getJourneyBoard, getStageDetail, listAssignablePeople, listPendingHandoffs } from "@/lib/journeys/queries";
import { assignOwnership, cancelHandoff, proposeHandoff, respondToHandoff } from "@/lib/ownership/commands";
import type { ProposeHandoffInput } from "@/lib/ownership/schemas";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, currentAccountable, expectRefused, handoffRow, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

// current-user (imported for its types by the commands) pulls in the Auth.js config, which
// imports "next/server" without an extension; no test here needs it.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const PENDING = "A handoff of this stage is already pending; it must be answered or cancelled first.";

let cast: Awaited<ReturnType<typeof makeCast>>;
let cco: Actor;
let alpha: HeadedDepartment, beta: HeadedDepartment, gamma: HeadedDepartment;
beforeAll(async () => {
  cast = await makeCast(db());
  cco = cast.actors.cco;
  [alpha, beta, gamma] = [await makeHeadedDepartment(db(), `Alpha ${uniq()}`), await makeHeadedDepartment(db(), `Beta ${uniq()}`), await makeHeadedDepartment(db(), `Gamma ${uniq()}`)];
});

/** A fresh stage owned by Alpha (its head accountable). */
async function alphaStage() {
  const { journeyId, stageIds } = await makeJourney(cco, 1);
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, alpha) });
  return { journeyId, stageId: stageIds[0]! };
}
const offer = (stageId: string, to: { id: string }, over: Partial<ProposeHandoffInput> = {}): ProposeHandoffInput => ({
  stageId, toDepartmentId: to.id, note: "They run this now", goalDisposition: "move", force: false, ...over,
});
const inboxOf = (userId: string) => db().select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.createdAt));
const owner = async (stageId: string) => (await currentAccountable(db(), stageId)).map((r) => [r.departmentId, r.personId]);

describe("proposing a handoff", () => {
  it("the owning head offers a stage: a pending handoff, handoff.proposed, the receiving head notified, ownership unchanged", async () => {
    const { journeyId, stageId } = await alphaStage();
    const mark = await auditMark(db());
    const { handoffId, status } = await proposeHandoff({ actor: alpha.head, input: offer(stageId, beta, { goalDisposition: "retire" }) });
    expect(status).toBe("pending");
    expect(await handoffRow(db(), handoffId)).toMatchObject({ stageId, fromDepartmentId: alpha.id, toDepartmentId: beta.id, status: "pending", goalDisposition: "retire", proposedById: alpha.head.id, respondedAt: null, forced: false });
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "handoff.proposed", actorId: alpha.head.id, entityType: "handoff", entityId: handoffId, reason: "They run this now" }]);
    expect((await inboxOf(beta.head.id)).at(-1)).toMatchObject({ kind: "handoff_offered", title: `${alpha.name} offers "Stage 1" to ${beta.name}`, link: `/journeys/${journeyId}/stages/${stageId}` });
    expect(await owner(stageId)).toEqual([[alpha.id, alpha.head.id]]);

    const [boardStage] = (await getJourneyBoard({ journeyId })).stages;
    expect(boardStage).toMatchObject({ pendingHandoff: { id: handoffId, toDepartmentId: beta.id, toDepartmentName: beta.name }, flags: ["handoff_pending"] });
    expect((await listPendingHandoffs(beta.head)).filter((h) => h.id === handoffId)).toMatchObject([{ stageId, incoming: true, fromDepartmentName: alpha.name }]);
    expect((await listPendingHandoffs(alpha.head)).filter((h) => h.id === handoffId)).toMatchObject([{ incoming: false }]);
    expect((await listPendingHandoffs(gamma.head)).some((h) => h.id === handoffId)).toBe(false);
    expect(await listPendingHandoffs(beta.member)).toEqual([]);
    expect((await getStageDetail({ stageId })).handoffs).toMatchObject([{ id: handoffId, status: "pending", proposedByName: alpha.head.name }]);
  });

  it("a second pending handoff of the same stage is refused, even for the CCO", async () => {
    const { stageId } = await alphaStage();
    await proposeHandoff({ actor: alpha.head, input: offer(stageId, beta) });
    await expectRefused(db(), () => proposeHandoff({ actor: alpha.head, input: offer(stageId, gamma) }), "conflict", PENDING);
    await expectRefused(db(), () => proposeHandoff({ actor: cco, input: offer(stageId, gamma) }), "conflict", PENDING);
  });

  it("refuses offers by the wrong people, to the owner itself, of unowned stages, and to archived or unknown departments", async () => {
    const { stageId } = await alphaStage();
    await expectRefused(db(), () => proposeHandoff({ actor: beta.head, input: offer(stageId, beta) }), "forbidden", "Only the head of the department that owns this stage can hand it off.");
    for (const actor of [alpha.member, cast.actors.admin, cast.actors.executive]) {
      await expectRefused(db(), () => proposeHandoff({ actor, input: offer(stageId, beta) }), "forbidden");
    }
    await expectRefused(db(), () => proposeHandoff({ actor: alpha.head, input: offer(stageId, alpha) }), "invalid", "Choose a different department from the current owner.");
    const { stageIds: [unowned] } = await makeJourney(cco, 1);
    await expectRefused(db(), () => proposeHandoff({ actor: cco, input: offer(unowned!, beta) }), "conflict", "This stage has no owner to hand it off; claim or assign it instead.");

    const closed = await makeHeadedDepartment(db(), `Closed ${uniq()}`);
    await db().update(departments).set({ archived: true }).where(eq(departments.id, closed.id));
    const e = await expectRefused(db(), () => proposeHandoff({ actor: alpha.head, input: offer(stageId, closed) }), "invalid");
    expect(e.fieldErrors).toEqual({ toDepartmentId: [`${closed.name} is archived; choose a current department.`] });
    const e2 = await expectRefused(db(), () => proposeHandoff({ actor: alpha.head, input: offer(stageId, { id: crypto.randomUUID() }) }), "invalid");
    expect(e2.fieldErrors).toEqual({ toDepartmentId: ["That department does not exist."] });
    await expectRefused(db(), () => proposeHandoff({ actor: alpha.head, input: offer(stageId, beta, { force: true }) }), "forbidden", "Only the CCO can force a handoff.");
  });
});

describe("answering a handoff (rule 3: ownership moves only on accept)", () => {
  it("accepting moves ownership in one transaction: the old row closed, a handed_off row opened, two audit events", async () => {
    const { stageId } = await alphaStage();
    const [oldRow] = await currentAccountable(db(), stageId);
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: offer(stageId, beta) });
    const mark = await auditMark(db());
    expect(await respondToHandoff({ actor: beta.head, handoffId, response: "accept", reason: "" })).toEqual({ status: "accepted" });

    const [closed] = await db().select().from(ownershipAssignments).where(eq(ownershipAssignments.id, oldRow!.id));
    const [opened] = await currentAccountable(db(), stageId);
    expect(opened).toMatchObject({ departmentId: beta.id, personId: beta.head.id, source: "handed_off", handoffId, byUserId: beta.head.id, reason: "They run this now" });
    expect({ ...closed, validTo: null }).toEqual(oldRow); // closed, not rewritten
    const h = await handoffRow(db(), handoffId);
    expect(h).toMatchObject({ status: "accepted", respondedById: beta.head.id, forced: false });
    const events = (await auditSince(db(), mark)).filter((e) => !e.action.startsWith("goal."));
    expect(events.map((e) => [e.action, e.entityId, e.actorId])).toEqual([
      ["handoff.accepted", handoffId, beta.head.id],
      ["ownership.handed_off", stageId, beta.head.id],
    ]);
    expect(events[1]!.reason).toBe("Handoff (open goals move with the stage): They run this now");
    // now() is the transaction's start time: one shared timestamp proves one transaction.
    const stamps = new Set([closed!.validTo, opened!.validFrom, h.respondedAt, ...events.map((e) => e.createdAt)].map((d) => d!.getTime()));
    expect(stamps.size).toBe(1);
    expect((await inboxOf(alpha.head.id)).at(-1)).toMatchObject({ kind: "handoff_accepted", title: `${beta.name} accepted "Stage 1"` });
    await expectRefused(db(), () => respondToHandoff({ actor: beta.head, handoffId, response: "decline", reason: "Changed my mind" }), "conflict", "This handoff is already accepted.");
  });

  it("the CCO may accept for the receiving department: its head becomes accountable and the handoff is marked forced", async () => {
    const { stageId } = await alphaStage();
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: offer(stageId, gamma) });
    await respondToHandoff({ actor: cco, handoffId, response: "accept", reason: "" });
    expect(await owner(stageId)).toEqual([[gamma.id, gamma.head.id]]);
    expect((await handoffRow(db(), handoffId)).forced).toBe(true);
  });

  it("a failed accept changes nothing: the receiving department has no active head", async () => {
    const { stageId } = await alphaStage();
    const headless = await makeHeadedDepartment(db(), `Headless ${uniq()}`);
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: offer(stageId, headless) });
    await db().update(departments).set({ headUserId: null }).where(eq(departments.id, headless.id));
    await expectRefused(db(), () => respondToHandoff({ actor: cco, handoffId, response: "accept", reason: "" }), "conflict", /no active head/);
  });

  it("a handoff whose stage changed owner in the meantime has lapsed and cannot be accepted", async () => {
    const { stageId } = await alphaStage();
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: offer(stageId, beta) });
    // Simulate an ownership change that bypassed the commands (they would have expired the offer).
    await db().update(ownershipAssignments).set({ validTo: new Date() }).where(and(eq(ownershipAssignments.stageId, stageId), isNull(ownershipAssignments.validTo)));
    await db().insert(ownershipAssignments).values({ stageId, departmentId: gamma.id, personId: gamma.head.id, raci: "accountable", source: "assigned", byUserId: cco.id });
    await expectRefused(db(), () => respondToHandoff({ actor: beta.head, handoffId, response: "accept", reason: "" }), "conflict", "This handoff lapsed: the stage's ownership changed since it was offered.");
  });

  it("declining needs a reason; then the proposer is told why and ownership stays", async () => {
    const { stageId } = await alphaStage();
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: offer(stageId, beta) });
    const e = await expectRefused(db(), () => respondToHandoff({ actor: beta.head, handoffId, response: "decline", reason: "" }), "invalid");
    expect(e.fieldErrors).toEqual({ reason: ["Say why you decline, so the proposer can respond."] });
    const mark = await auditMark(db());
    expect(await respondToHandoff({ actor: beta.head, handoffId, response: "decline", reason: "No capacity this quarter" })).toEqual({ status: "declined" });
    expect(await handoffRow(db(), handoffId)).toMatchObject({ status: "declined", respondedById: beta.head.id, responseReason: "No capacity this quarter" });
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.reason])).toEqual([["handoff.declined", "No capacity this quarter"]]);
    expect((await inboxOf(alpha.head.id)).at(-1)).toMatchObject({ kind: "handoff_declined", body: "No capacity this quarter" });
    expect(await owner(stageId)).toEqual([[alpha.id, alpha.head.id]]);
    // The stage can be offered again.
    expect((await proposeHandoff({ actor: alpha.head, input: offer(stageId, gamma) })).status).toBe("pending");
  });

  it("only the receiving head (or the CCO) answers", async () => {
    const { stageId } = await alphaStage();
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: offer(stageId, beta) });
    const RECEIVER = "Only the head of the receiving department can answer this handoff.";
    await expectRefused(db(), () => respondToHandoff({ actor: alpha.head, handoffId, response: "accept", reason: "" }), "forbidden", RECEIVER);
    await expectRefused(db(), () => respondToHandoff({ actor: gamma.head, handoffId, response: "accept", reason: "" }), "forbidden", RECEIVER);
    for (const actor of [beta.member, cast.actors.admin, cast.actors.executive]) {
      await expectRefused(db(), () => respondToHandoff({ actor, handoffId, response: "accept", reason: "" }), "forbidden");
    }
    await expectRefused(db(), () => respondToHandoff({ actor: beta.head, handoffId: crypto.randomUUID(), response: "accept", reason: "" }), "not_found", "That handoff was not found.");
  });
});

describe("cancelling and forcing", () => {
  it("only the proposer (or the CCO) cancels; the receiving head is told", async () => {
    const { stageId } = await alphaStage();
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: offer(stageId, beta) });
    for (const actor of [beta.head, gamma.head]) {
      await expectRefused(db(), () => cancelHandoff({ actor, handoffId }), "forbidden", "Only the person who proposed this handoff, or the CCO, can cancel it.");
    }
    const mark = await auditMark(db());
    expect(await cancelHandoff({ actor: alpha.head, handoffId, reason: "Sent too early" })).toEqual({ status: "cancelled" });
    expect(await handoffRow(db(), handoffId)).toMatchObject({ status: "cancelled", respondedById: alpha.head.id, responseReason: "Sent too early" });
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["handoff.cancelled"]);
    expect((await inboxOf(beta.head.id)).at(-1)).toMatchObject({ kind: "handoff_cancelled", title: `The offer of "Stage 1" was withdrawn` });
    await expectRefused(db(), () => cancelHandoff({ actor: alpha.head, handoffId }), "conflict", "This handoff is already cancelled.");

    const { handoffId: second } = await proposeHandoff({ actor: alpha.head, input: offer(stageId, gamma) });
    expect(await cancelHandoff({ actor: cco, handoffId: second })).toEqual({ status: "cancelled" });
    expect(await owner(stageId)).toEqual([[alpha.id, alpha.head.id]]);
  });

  it("the CCO can force a handoff through in one step", async () => {
    const { stageId } = await alphaStage();
    const mark = await auditMark(db());
    const { handoffId, status } = await proposeHandoff({ actor: cco, input: offer(stageId, gamma, { force: true, note: "Decided by the board" }) });
    expect(status).toBe("accepted");
    expect(await handoffRow(db(), handoffId)).toMatchObject({ status: "accepted", forced: true, proposedById: cco.id, respondedById: cco.id });
    expect(await owner(stageId)).toEqual([[gamma.id, gamma.head.id]]);
    const actions = (await auditSince(db(), mark)).map((e) => e.action).filter((a) => !a.startsWith("goal."));
    expect(actions).toEqual(["handoff.proposed", "handoff.accepted", "ownership.handed_off"]);
    const handedOff = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "ownership.handed_off"), eq(auditEvents.entityId, stageId)));
    expect(handedOff).toHaveLength(1);
  });
});

describe("a stage's detail read with its journey named (the stage page's URL)", () => {
  it("gives the same answer with the right journey, a wrong one or none, and not found for an unknown stage", async () => {
    const { journeyId, stageId } = await alphaStage();
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: offer(stageId, beta) });
    const other = await alphaStage();
    const plain = await getStageDetail({ stageId });
    expect(plain.journey.id).toBe(journeyId);
    expect(plain.current).toMatchObject({ id: stageId, accountable: { departmentId: alpha.id }, pendingHandoff: { id: handoffId }, flags: ["handoff_pending"] });
    expect(await getStageDetail({ stageId, journeyId })).toEqual(plain);
    // Another journey's id: the stage's own journey and board, read after, not the named one's.
    expect(await getStageDetail({ stageId, journeyId: other.journeyId })).toEqual(plain);
    await expect(getStageDetail({ stageId: crypto.randomUUID(), journeyId })).rejects.toMatchObject({ kind: "not_found" });
    await expect(getStageDetail({ stageId: crypto.randomUUID() })).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("the people a stage page offers for its owner", () => {
  it("are those of the department accountable for the stage now, and none for an unowned stage", async () => {
    const { stageId } = await alphaStage();
    const byDepartment = await listAssignablePeople({ actor: cco, departmentId: alpha.id });
    expect(byDepartment.map((p) => p.id)).toContain(alpha.head.id);
    expect(await listAssignablePeople({ actor: cco, accountableOf: stageId })).toEqual(byDepartment);
    await proposeHandoff({ actor: cco, input: offer(stageId, gamma, { force: true }) });
    expect(await listAssignablePeople({ actor: cco, accountableOf: stageId })).toEqual(await listAssignablePeople({ actor: cco, departmentId: gamma.id }));
    const { stageIds } = await makeJourney(cco, 1);
    expect(await listAssignablePeople({ actor: cco, accountableOf: stageIds[0]! })).toEqual([]);
  });
});
