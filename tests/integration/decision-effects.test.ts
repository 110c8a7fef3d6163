import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { decisions, ownershipAssignments } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { raiseDispute, recordDecision, takeUnderReview } from "@/lib/disputes/commands";
import { getDispute, listDecisions } from "@/lib/disputes/queries";
import type { DecideInput } from "@/lib/disputes/schemas";
import { pgConstraint, pgErrorCode } from "@/lib/errors";
import { getStageDetail } from "@/lib/journeys/queries";
import { assignOwnership, claimStage, proposeHandoff, respondToHandoff } from "@/lib/ownership/commands";
import { decidedOwnerMessage, type RaciSet } from "@/lib/ownership/rules";
import { useTestDatabase } from "../helpers/db";
import { assignTo, decideInput, disputeRow, makeDisputeWorld, raiseInput, raiseOwnershipDispute, type DisputeWorld } from "../helpers/dispute-fixtures";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

// A decision's effect is the stage's complete resulting RACI, applied through the same code as
// a CCO assignment, in the decision's transaction: what it changes gets history rows "decided"
// carrying the decision id; what it does not change is kept, row for row.

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();

let w: DisputeWorld;
let cco: Actor;
let sales: HeadedDepartment;
let legal: HeadedDepartment;
beforeAll(async () => {
  w = await makeDisputeWorld(db());
  cco = w.cco;
  sales = await makeHeadedDepartment(db(), `Sales ${uniq()}`);
  legal = await makeHeadedDepartment(db(), `Legal ${uniq()}`);
});

const currentRows = (stageId: string) =>
  db().select().from(ownershipAssignments).where(and(eq(ownershipAssignments.stageId, stageId), isNull(ownershipAssignments.validTo))).orderBy(asc(ownershipAssignments.raci));
const roles = async (stageId: string) => (await currentRows(stageId)).map((r) => [r.departmentId, r.raci]).sort();

/** What the pre-filled decision form posts as its starting point. */
const basisOf = (owner: HeadedDepartment, rci: Partial<Omit<RaciSet, "accountable">> = {}): RaciSet => ({
  accountable: { departmentId: owner.id, personId: owner.head.id },
  responsible: [...(rci.responsible ?? [])].sort(),
  consulted: [...(rci.consulted ?? [])].sort(),
  informed: [...(rci.informed ?? [])].sort(),
});

/** A stage Beta owns with Gamma responsible and Legal informed, and an ownership dispute about it under review. */
async function contested(raiser: HeadedDepartment = w.alpha) {
  const { journeyId, stageIds } = await makeJourney(cco, 1);
  const stageId = stageIds[0]!;
  await assignOwnership({ actor: cco, input: assignInput(stageId, w.beta, { responsible: [w.gamma.id], informed: [legal.id] }) });
  const disputeId = await raiseOwnershipDispute(raiser, stageId, w.beta);
  await takeUnderReview({ actor: cco, disputeId });
  return { journeyId, stageId, disputeId, basis: basisOf(w.beta, { responsible: [w.gamma.id], informed: [legal.id] }) };
}

const decide = (disputeId: string, over: Partial<DecideInput>) => recordDecision({ actor: cco, input: decideInput(disputeId, over) });

describe("a decision's RACI effect", () => {
  it("reassigning the accountable owner keeps the other departments' R/C/I rows untouched", async () => {
    const { stageId, disputeId, basis } = await contested();
    const before = await currentRows(stageId);
    const kept = before.filter((r) => r.raci !== "accountable");
    const { decisionId } = await decide(disputeId, { ...assignTo(w.alpha, { responsible: [w.gamma.id], informed: [legal.id] }), effectBasis: basis, outcome: "Alpha owns it" });

    expect(await roles(stageId)).toEqual([[w.alpha.id, "accountable"], [w.gamma.id, "responsible"], [legal.id, "informed"]].sort());
    const after = await currentRows(stageId);
    // The R/C/I rows are the very same rows: not closed and reopened, still "assigned".
    for (const r of kept) expect(after.find((a) => a.id === r.id)).toEqual(r);
    const [decided] = after.filter((r) => r.source === "decided");
    expect(decided).toMatchObject({ departmentId: w.alpha.id, raci: "accountable", personId: w.alpha.head.id, decisionId, byUserId: cco.id, reason: "Decision: Alpha owns it" });
    expect(after.filter((r) => r.source === "decided")).toHaveLength(1);

    const [row] = await db().select().from(decisions).where(eq(decisions.id, decisionId));
    expect(row!.effect).toEqual({ type: "set_raci", stageId, accountable: { departmentId: w.alpha.id, personId: w.alpha.head.id }, responsible: [w.gamma.id], consulted: [], informed: [legal.id] });
    expect(row!.effectSummary).toBe(`Accountable: ${w.alpha.name} (${w.alpha.head.name}) · Responsible: ${w.gamma.name} · Consulted: none · Informed: ${legal.name}`);
  });

  it("an outcome such as “Sales is Consulted” is applied, and nothing else moves", async () => {
    const { stageId, disputeId, basis } = await contested(sales);
    const before = await currentRows(stageId);
    const { decisionId } = await decide(disputeId, {
      ...assignTo(w.beta, { responsible: [w.gamma.id], consulted: [sales.id], informed: [legal.id] }),
      effectBasis: basis,
      outcome: "Sales is Consulted",
    });
    const after = await currentRows(stageId);
    expect(after.filter((r) => !before.some((b) => b.id === r.id))).toEqual([
      expect.objectContaining({ departmentId: sales.id, raci: "consulted", source: "decided", decisionId, personId: null, reason: "Decision: Sales is Consulted" }),
    ]);
    for (const r of before) expect(after.find((a) => a.id === r.id)).toEqual(r);
    expect((await disputeRow(db(), disputeId)).status).toBe("decided");
  });

  it("every history row the decision writes — opened or closed — can be traced to it", async () => {
    const { stageId, disputeId, basis } = await contested();
    // Alpha accountable, Beta (the old owner) consulted, Gamma no longer responsible, Legal informed.
    const { decisionId } = await decide(disputeId, { ...assignTo(w.alpha, { consulted: [w.beta.id], informed: [legal.id] }), effectBasis: basis });
    const history = await db().select().from(ownershipAssignments).where(eq(ownershipAssignments.stageId, stageId));
    const opened = history.filter((r) => r.decisionId === decisionId);
    expect(opened.map((r) => [r.departmentId, r.raci, r.source]).sort()).toEqual([[w.alpha.id, "accountable", "decided"], [w.beta.id, "consulted", "decided"]].sort());
    const [{ decidedAt }] = (await db().select({ decidedAt: decisions.decidedAt }).from(decisions).where(eq(decisions.id, decisionId))) as [{ decidedAt: Date }];
    const closed = history.filter((r) => r.validTo !== null && r.validTo.getTime() === decidedAt.getTime());
    expect(closed.map((r) => [r.departmentId, r.raci]).sort()).toEqual([[w.beta.id, "accountable"], [w.gamma.id, "responsible"]].sort());

    // The stage's history links each decided entry to the decision and its dispute.
    const detail = await getStageDetail({ stageId });
    const dispute = await getDispute({ actor: cco, disputeId });
    const linked = detail.history.filter((h) => h.decision);
    expect(linked).toHaveLength(2);
    for (const h of linked) expect(h.decision).toEqual({ id: decisionId, outcome: dispute.decision!.decision.outcome, disputeId, disputeTitle: dispute.dispute.title });
    expect(detail.history.filter((h) => !h.decision).every((h) => h.source !== "decided")).toBe(true);
  });

  it("a role someone gave while the form was open is kept; a changed owner is refused as stale and writes nothing", async () => {
    const { stageId, disputeId, basis } = await contested();
    // Meanwhile the CCO makes Sales informed through the assignment form.
    await assignOwnership({ actor: cco, input: assignInput(stageId, w.beta, { responsible: [w.gamma.id], informed: [legal.id, sales.id] }) });
    await decide(disputeId, { ...assignTo(w.alpha, { responsible: [w.gamma.id], informed: [legal.id] }), effectBasis: basis });
    expect(await roles(stageId)).toEqual([[w.alpha.id, "accountable"], [w.gamma.id, "responsible"], [legal.id, "informed"], [sales.id, "informed"]].sort());

    const second = await contested();
    await assignOwnership({ actor: cco, input: assignInput(second.stageId, w.gamma, { informed: [legal.id] }) });
    await expectRefused(db(), () => decide(second.disputeId, { ...assignTo(w.alpha, { responsible: [w.gamma.id], informed: [legal.id] }), effectBasis: second.basis }), "stale", /accountable owner changed after this form was opened/);
    expect((await disputeRow(db(), second.disputeId)).status).toBe("under_review");
  });

  it("an effect equal to the stage's RACI changes nothing and is refused", async () => {
    const { disputeId, basis } = await contested();
    await expectRefused(db(), () => decide(disputeId, { ...assignTo(w.beta, { responsible: [w.gamma.id], informed: [legal.id] }), effectBasis: basis }), "conflict", /changes nothing/);
  });

  it("is read back through its schema; a stored effect of no known shape is reported, not crashed on", async () => {
    const { stageId, disputeId, basis } = await contested();
    const { decisionId } = await decide(disputeId, { ...assignTo(w.alpha, { informed: [legal.id] }), effectBasis: basis });
    expect((await getDispute({ actor: cco, disputeId })).decision!.effect).toEqual({ type: "set_raci", stageId, accountable: { departmentId: w.alpha.id, personId: w.alpha.head.id }, responsible: [], consulted: [], informed: [legal.id] });
    expect((await listDecisions({ actor: cco, filter: { stageId } })).rows.find((d) => d.id === decisionId)!.effect).toMatchObject({ type: "set_raci" });

    const { disputeId: other } = await raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) });
    await takeUnderReview({ actor: cco, disputeId: other });
    await db().execute(sql`update disputes set status = 'decided', closed_at = now() where id = ${other}`);
    await db().insert(decisions).values({ disputeId: other, outcome: "By hand", rationale: "Loaded past the app", decidedById: cco.id, effect: { type: "something_else", x: 1 } });
    expect((await getDispute({ actor: cco, disputeId: other })).decision!.effect).toEqual({ type: "unreadable" });

    // The column holds objects only.
    const { disputeId: third } = await raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) });
    let error: unknown;
    try {
      await db().execute(sql`insert into decisions (dispute_id, outcome, rationale, decided_by_id, effect) values (${third}, 'x', 'y', ${cco.id}, '"just text"'::jsonb)`);
    } catch (e) {
      error = e;
    }
    expect(pgErrorCode(error)).toBe("23514");
    expect(pgConstraint(error)).toBe("decisions_effect_object_ck");
  });
});

describe("a decided dispute is not offered again", () => {
  it("a declined handoff whose dispute was decided links to the decision instead of offering a new dispute", async () => {
    const { stageIds } = await makeJourney(cco, 1);
    const stageId = stageIds[0]!;
    await assignOwnership({ actor: cco, input: assignInput(stageId, w.alpha) });
    const { handoffId } = await proposeHandoff({ actor: w.alpha.head, input: { stageId, toDepartmentId: w.beta.id, note: "Yours now", goalDisposition: "move", force: false } });
    await respondToHandoff({ actor: w.beta.head, handoffId, response: "decline", reason: "Not ours" });
    const handoffOf = async () => (await getStageDetail({ stageId })).handoffs.find((h) => h.id === handoffId)!;
    expect((await handoffOf()).dispute).toBeNull();

    const { disputeId } = await raiseDispute({ actor: w.alpha.head, input: raiseInput({ kind: "handoff", stageId, handoffId, partyDepartmentIds: [w.beta.id] }) });
    expect((await handoffOf()).dispute).toEqual({ id: disputeId, status: "open" });
    await takeUnderReview({ actor: cco, disputeId });
    await decide(disputeId, { ...assignTo(w.beta), effectBasis: basisOf(w.alpha) });
    expect((await handoffOf()).dispute).toEqual({ id: disputeId, status: "decided" });
  });

  it("a claim on a stage whose ownership a decision settled is refused without inviting another dispute", async () => {
    const { stageId, disputeId, basis } = await contested();
    await decide(disputeId, { ...assignTo(w.alpha, { responsible: [w.gamma.id], informed: [legal.id] }), effectBasis: basis });
    await expectRefused(db(), () => claimStage({ actor: sales.head, stageId }), "conflict", decidedOwnerMessage(w.alpha.name));
    // A decision that kept the owner settles it too.
    const kept = await contested();
    await decide(kept.disputeId, { outcome: "Beta keeps it" });
    await expectRefused(db(), () => claimStage({ actor: sales.head, stageId: kept.stageId }), "conflict", decidedOwnerMessage(w.beta.name));
    // A later reassignment by other means reopens the question.
    await assignOwnership({ actor: cco, input: assignInput(kept.stageId, w.gamma) });
    await expectRefused(db(), () => claimStage({ actor: sales.head, stageId: kept.stageId }), "conflict", /raise an ownership dispute/);
  });
});
