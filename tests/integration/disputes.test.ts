import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { disputeComments, disputeParties, disputes, notifications, settings, stages } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { addComment, raiseDispute, recordDecision, runOverdueDisputeSweep, saveStatement, takeUnderReview, withdrawDispute } from "@/lib/disputes/commands";
import { getDispute, listDisputes, type DisputeListFilter } from "@/lib/disputes/queries";
import { getJourneyBoard } from "@/lib/journeys/queries";
import { addDays, dateIn, lastMomentOf } from "@/lib/time";
import { auditMark, auditSince } from "../helpers/audit";
import { rows, useTestDatabase } from "../helpers/db";
import {
  archiveDirectly,
  assignTo,
  decideInput,
  disputeRow,
  disputeUnderReview,
  makeDisputeWorld,
  makeStage,
  raiseInput,
  raiseOwnershipDispute,
  type DisputeWorld,
} from "../helpers/dispute-fixtures";
import { makeUser } from "../helpers/factories";
import { expectRefused, makeHeadedDepartment, uniq } from "../helpers/ownership-fixtures";

// current-user pulls in the Auth.js config, which imports "next/server" without an extension.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const HIGHLIGHTED = "Please correct the highlighted fields.";
const DECIDED = "This dispute is already decided; record a new dispute to revisit it.";

let w: DisputeWorld;
let cco: Actor;
beforeAll(async () => {
  w = await makeDisputeWorld(db());
  cco = w.cco;
});

const inboxOf = (userId: string) => db().select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.createdAt));
const partiesOf = async (disputeId: string) => (await db().select().from(disputeParties).where(eq(disputeParties.disputeId, disputeId))).map((p) => p.departmentId).sort();
const statementOf = async (disputeId: string, departmentId: string) =>
  (await db().select().from(disputeParties).where(and(eq(disputeParties.disputeId, disputeId), eq(disputeParties.departmentId, departmentId))))[0]!;

describe("raising a dispute", () => {
  it("makes the raiser's department a party, sets the due date from the service level, audits and notifies", async () => {
    await db().update(settings).set({ disputeSlaDays: 7 }).where(eq(settings.id, 1));
    const { stageId } = await makeStage(cco, w.beta);
    const secondCco = await makeUser(db(), { role: "cco" });
    const mark = await auditMark(db());
    const before = Date.now();
    const disputeId = await raiseOwnershipDispute(w.alpha, stageId, w.beta, { title: "Who owns it?" });

    const d = await disputeRow(db(), disputeId);
    expect(d).toMatchObject({ kind: "ownership", stageId, status: "open", raisedById: w.alpha.head.id, raisedByDepartmentId: w.alpha.id, closedAt: null });
    // Due by the end of the seventh day after today on the company's calendar (UTC here).
    expect(d.dueBy).toEqual(lastMomentOf(addDays(dateIn(d.openedAt, "UTC"), 7), "UTC"));
    expect(d.openedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    expect(await partiesOf(disputeId)).toEqual([w.alpha.id, w.beta.id].sort());
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "dispute.raised", actorId: w.alpha.head.id, entityType: "dispute", entityId: disputeId, after: { kind: "ownership", stageId, title: "Who owns it?", status: "open" } },
    ]);
    const link = `/disputes/${disputeId}`;
    const about = async (userId: string) => (await inboxOf(userId)).filter((n) => n.link === link);
    expect(await about(w.beta.head.id)).toMatchObject([{ kind: "dispute_raised", title: "Dispute raised with your department: Who owns it?" }]);
    for (const id of [cco.id, secondCco.id]) expect(await about(id)).toMatchObject([{ kind: "dispute_raised", title: "New dispute: Who owns it?" }]);
    // Neither the raiser nor an uninvolved department hears about it.
    expect(await about(w.alpha.head.id)).toEqual([]);
    expect(await about(w.gamma.head.id)).toEqual([]);
    await db().update(settings).set({ disputeSlaDays: 10 }).where(eq(settings.id, 1));
  });

  it("the CCO and executives raise disputes without a department of their own", async () => {
    const { disputeId } = await raiseDispute({ actor: w.cast.actors.executive, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) });
    expect(await partiesOf(disputeId)).toEqual([w.beta.id]);
    expect((await disputeRow(db(), disputeId)).raisedByDepartmentId).toBeNull();
  });

  it("refuses an archived stage, an archived or unknown party, and a dispute with only one's own department", async () => {
    const { stageId } = await makeStage(cco, w.beta);
    await db().update(stages).set({ archived: true }).where(eq(stages.id, stageId));
    const e1 = await expectRefused(db(), () => raiseOwnershipDispute(w.alpha, stageId, w.beta), "invalid", HIGHLIGHTED);
    expect(e1.fieldErrors).toEqual({ stageId: ["That stage is archived."] });

    const gone = await makeHeadedDepartment(db(), `Gone ${uniq()}`);
    await archiveDirectly(db(), gone.id);
    const e2 = await expectRefused(db(), () => raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [w.beta.id, gone.id] }) }), "invalid");
    expect(e2.fieldErrors).toEqual({ partyDepartmentIds: [`${gone.name} is archived.`] });
    const e3 = await expectRefused(db(), () => raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [crypto.randomUUID()] }) }), "invalid");
    expect(e3.fieldErrors).toEqual({ partyDepartmentIds: ["One of those departments does not exist."] });
    const e4 = await expectRefused(db(), () => raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [w.alpha.id] }) }), "invalid");
    expect(e4.fieldErrors).toEqual({ partyDepartmentIds: ["Name at least one department other than your own."] });
    const e5 = await expectRefused(db(), () => raiseDispute({ actor: w.alpha.head, input: raiseInput({ stageId: crypto.randomUUID(), partyDepartmentIds: [w.beta.id] }) }), "invalid");
    expect(e5.fieldErrors).toEqual({ stageId: ["That stage does not exist."] });
  });

  it("refuses members and admins", async () => {
    for (const actor of [w.alpha.member, w.cast.actors.admin]) {
      await expectRefused(db(), () => raiseDispute({ actor, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) }), "forbidden");
    }
  });
});

describe("statements and comments", () => {
  it("each party head writes and edits its own department's statement, audited with before and after", async () => {
    const { stageId } = await makeStage(cco, w.beta);
    const disputeId = await raiseOwnershipDispute(w.alpha, stageId, w.beta);
    await saveStatement({ actor: w.alpha.head, disputeId, departmentId: w.alpha.id, statement: "We talk to the customer here.", proposal: "Give it to us." });
    const mark = await auditMark(db());
    await saveStatement({ actor: w.beta.head, disputeId, departmentId: w.beta.id, statement: "We built it.", proposal: "" });
    await saveStatement({ actor: w.beta.head, disputeId, departmentId: w.beta.id, statement: "We built it and run it.", proposal: "Keep it." });
    expect(await statementOf(disputeId, w.alpha.id)).toMatchObject({ statement: "We talk to the customer here.", proposal: "Give it to us.", updatedById: w.alpha.head.id });
    expect(await statementOf(disputeId, w.beta.id)).toMatchObject({ statement: "We built it and run it.", proposal: "Keep it.", updatedById: w.beta.head.id });
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.actorId, e.before, e.after])).toEqual([
      ["dispute.statement_saved", w.beta.head.id, { departmentId: w.beta.id, statement: "", proposal: "" }, { departmentId: w.beta.id, statement: "We built it.", proposal: "" }],
      ["dispute.statement_saved", w.beta.head.id, { departmentId: w.beta.id, statement: "We built it.", proposal: "" }, { departmentId: w.beta.id, statement: "We built it and run it.", proposal: "Keep it." }],
    ]);
    const shown = await getDispute({ actor: w.cco, disputeId });
    expect(shown.parties.map((p) => [p.departmentId, p.statement, p.updatedByName])).toEqual(
      expect.arrayContaining([[w.beta.id, "We built it and run it.", `Head of ${w.beta.name}`]]),
    );
  });

  it("refuses non-party departments, other parties' statements, non-heads, and closed disputes", async () => {
    const { disputeId } = await disputeUnderReview(w, w.alpha, w.beta);
    const say = (actor: Actor, departmentId: string) => () => saveStatement({ actor, disputeId, departmentId, statement: "Ours", proposal: "" });
    await expectRefused(db(), say(w.gamma.head, w.gamma.id), "forbidden", "That department is not a party to this dispute.");
    await expectRefused(db(), say(w.gamma.head, w.beta.id), "forbidden", "Only the head of a party department can write its statement.");
    await expectRefused(db(), say(w.alpha.head, w.beta.id), "forbidden", "Only the head of a party department can write its statement.");
    await expectRefused(db(), say(cco, w.alpha.id), "forbidden", "Only the head of a party department can write its statement.");
    await expectRefused(db(), say(w.alpha.member, w.alpha.id), "forbidden");
    await recordDecision({ actor: cco, input: decideInput(disputeId) });
    await expectRefused(db(), say(w.alpha.head, w.alpha.id), "conflict", DECIDED);
    await expectRefused(db(), () => saveStatement({ actor: w.alpha.head, disputeId: crypto.randomUUID(), departmentId: w.alpha.id, statement: "x", proposal: "" }), "not_found");
  });

  it("the CCO, executives and any head discuss a live dispute; members cannot, and nobody once it is closed", async () => {
    const { disputeId } = await raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) });
    const mark = await auditMark(db());
    for (const [actor, body] of [[cco, "What does the customer need?"], [w.cast.actors.executive, "Budget is fixed."], [w.gamma.head, "We see this too."]] as const) {
      await addComment({ actor, disputeId, body });
    }
    expect((await getDispute({ actor: w.cco, disputeId })).comments.map((c) => c.body)).toEqual(["What does the customer need?", "Budget is fixed.", "We see this too."]);
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.after])).toEqual([
      ["dispute.commented", { comment: "What does the customer need?" }],
      ["dispute.commented", { comment: "Budget is fixed." }],
      ["dispute.commented", { comment: "We see this too." }],
    ]);
    await expectRefused(db(), () => addComment({ actor: w.alpha.member, disputeId, body: "Me too" }), "forbidden");
    await withdrawDispute({ actor: w.alpha.head, disputeId, reason: "Sorted it out" });
    await expectRefused(db(), () => addComment({ actor: cco, disputeId, body: "Late" }), "conflict", "This dispute is closed; the discussion is over.");
    expect(await db().select().from(disputeComments).where(eq(disputeComments.disputeId, disputeId))).toHaveLength(3);
  });
});

describe("taking under review and withdrawing", () => {
  it("only the CCO takes an open dispute under review; the raiser and party heads are told", async () => {
    const { stageId } = await makeStage(cco, w.beta);
    const disputeId = await raiseOwnershipDispute(w.alpha, stageId, w.beta, { title: "Review me" });
    for (const actor of [w.alpha.head, w.beta.head, w.cast.actors.executive, w.alpha.member, w.cast.actors.admin]) {
      await expectRefused(db(), () => takeUnderReview({ actor, disputeId }), "forbidden", "Only the CCO can take a dispute under review.");
    }
    const mark = await auditMark(db());
    await takeUnderReview({ actor: cco, disputeId });
    expect(await disputeRow(db(), disputeId)).toMatchObject({ status: "under_review", reviewerId: cco.id });
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "dispute.taken_under_review", before: { status: "open" }, after: { status: "under_review" } }]);
    for (const id of [w.alpha.head.id, w.beta.head.id]) {
      expect((await inboxOf(id)).filter((n) => n.link === `/disputes/${disputeId}` && n.kind === "dispute_under_review")).toMatchObject([{ title: "The CCO took “Review me” under review" }]);
    }
    expect((await getDispute({ actor: w.cco, disputeId })).reviewerName).toBe(w.cast.users.cco.name);
    await expectRefused(db(), () => takeUnderReview({ actor: cco, disputeId }), "conflict", "This dispute is already under review.");
  });

  it("only the raiser withdraws, and only while the dispute is open", async () => {
    const { disputeId } = await raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) });
    for (const actor of [w.beta.head, cco, w.cast.actors.executive]) {
      await expectRefused(db(), () => withdrawDispute({ actor, disputeId, reason: "No" }), "forbidden", "Only the person who raised this dispute can withdraw it.");
    }
    const mark = await auditMark(db());
    await withdrawDispute({ actor: w.alpha.head, disputeId, reason: "We agreed between us" });
    expect(await disputeRow(db(), disputeId)).toMatchObject({ status: "withdrawn", withdrawnReason: "We agreed between us" });
    expect((await disputeRow(db(), disputeId)).closedAt).toBeInstanceOf(Date);
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "dispute.withdrawn", reason: "We agreed between us", after: { status: "withdrawn" } }]);
    await expectRefused(db(), () => withdrawDispute({ actor: w.alpha.head, disputeId, reason: "Again" }), "conflict", "This dispute was withdrawn.");
    await expectRefused(db(), () => takeUnderReview({ actor: cco, disputeId }), "conflict", "This dispute was withdrawn.");

    const { disputeId: reviewed } = await disputeUnderReview(w, w.alpha, w.beta);
    await expectRefused(db(), () => withdrawDispute({ actor: w.alpha.head, disputeId: reviewed, reason: "Too late" }), "conflict", "A dispute under review can no longer be withdrawn.");
  });

  it("lists active disputes by default, and filters by status, kind and party department", async () => {
    const { disputeId: open } = await raiseDispute({ actor: w.gamma.head, input: raiseInput({ kind: "resources", partyDepartmentIds: [w.beta.id] }) });
    const { disputeId: gone } = await raiseDispute({ actor: w.gamma.head, input: raiseInput({ kind: "resources", partyDepartmentIds: [w.alpha.id] }) });
    await withdrawDispute({ actor: w.gamma.head, disputeId: gone, reason: "Never mind" });
    const viewer = w.cast.actors.member;
    const ids = async (filter: DisputeListFilter) => (await listDisputes({ actor: viewer, filter })).rows.map((d) => d.id);
    expect(await ids({ status: "active", kind: "resources" })).toEqual([open]);
    expect(await ids({ status: "withdrawn", kind: "resources" })).toEqual([gone]);
    expect((await ids({ status: "all", kind: "resources" })).sort()).toEqual([open, gone].sort());
    expect(await ids({ status: "all", kind: "resources", departmentId: w.alpha.id })).toEqual([gone]);
    expect((await listDisputes({ actor: viewer, filter: { status: "active", kind: "resources" } })).rows[0]!.parties).toEqual([w.beta.name, w.gamma.name].sort());
  });
});

describe("the journey board and the overdue sweep", () => {
  it("flags a stage as disputed while an ownership dispute is open or under review, not after the decision", async () => {
    const { journeyId, stageId } = await makeStage(cco, w.beta);
    const flags = async () => (await getJourneyBoard({ journeyId })).stages.find((s) => s.id === stageId)!.flags;
    expect(await flags()).toEqual([]);
    // A standards dispute about the stage is not about who owns it.
    await raiseDispute({ actor: w.alpha.head, input: raiseInput({ stageId, partyDepartmentIds: [w.beta.id] }) });
    expect(await flags()).toEqual([]);
    const disputeId = await raiseOwnershipDispute(w.alpha, stageId, w.beta);
    expect(await flags()).toEqual(["disputed"]);
    await takeUnderReview({ actor: cco, disputeId });
    expect(await flags()).toEqual(["disputed"]);
    await recordDecision({ actor: cco, input: decideInput(disputeId, assignTo(w.alpha)) });
    expect(await flags()).toEqual([]);
    const board = await getJourneyBoard({ journeyId });
    expect(board.stages[0]!.accountable).toMatchObject({ departmentId: w.alpha.id, source: "decided" });
  });

  it("a withdrawn ownership dispute no longer flags the stage", async () => {
    const { journeyId, stageId } = await makeStage(cco, w.beta);
    const disputeId = await raiseOwnershipDispute(w.alpha, stageId, w.beta);
    await withdrawDispute({ actor: w.alpha.head, disputeId, reason: "Fine" });
    expect((await getJourneyBoard({ journeyId })).stages[0]!.flags).toEqual([]);
  });

  it("notifies every active CCO once per overdue live dispute, never twice, never for closed ones", async () => {
    const inactiveCco = await makeUser(db(), { role: "cco", active: false });
    const late = async (disputeId: string) =>
      db().update(disputes).set({ openedAt: sql`now() - interval '20 days'`, dueBy: sql`now() - interval '1 day'` }).where(eq(disputes.id, disputeId));
    // Earlier tests left live disputes that are not overdue; the sweep must leave them alone.
    const { disputeId: open } = await raiseDispute({ actor: w.alpha.head, input: raiseInput({ title: "Late open", partyDepartmentIds: [w.beta.id] }) });
    const { disputeId: reviewed } = await disputeUnderReview(w, w.alpha, w.beta);
    const { disputeId: withdrawn } = await raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) });
    await withdrawDispute({ actor: w.alpha.head, disputeId: withdrawn, reason: "Done" });
    for (const id of [open, reviewed, withdrawn]) await late(id);
    const overdueFor = async (userId: string) => (await inboxOf(userId)).filter((n) => n.kind === "dispute_overdue").map((n) => n.link).sort();

    expect(await runOverdueDisputeSweep()).toBe(2);
    expect(await overdueFor(cco.id)).toEqual([`/disputes/${open}`, `/disputes/${reviewed}`].sort());
    expect(await overdueFor(inactiveCco.id)).toEqual([]);
    expect(await overdueFor(w.alpha.head.id)).toEqual([]);
    expect(await runOverdueDisputeSweep()).toBe(0);
    expect(await overdueFor(cco.id)).toHaveLength(2);
    const [marked] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from disputes where overdue_notified_at is not null`);
    expect(marked!.n).toBe(2);
  });
});
