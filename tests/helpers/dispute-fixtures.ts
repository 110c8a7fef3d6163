import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { decisions, departments, disputes, ownershipAssignments } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { raiseDispute, recordDecision, takeUnderReview } from "@/lib/disputes/commands";
import type { DecideInput, RaiseDisputeInput } from "@/lib/disputes/schemas";
import { assignOwnership } from "@/lib/ownership/commands";
import { makeCast } from "./factories";
import { assignInput, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "./ownership-fixtures";

// Shared scaffolding of the dispute and decision suites: a cast of every role, three headed
// departments, stages owned by one of them, and disputes moved along through the real commands.

export type DisputeWorld = Awaited<ReturnType<typeof makeDisputeWorld>>;

export async function makeDisputeWorld(db: Db) {
  const cast = await makeCast(db);
  const [alpha, beta, gamma] = [
    await makeHeadedDepartment(db, `Alpha ${uniq()}`),
    await makeHeadedDepartment(db, `Beta ${uniq()}`),
    await makeHeadedDepartment(db, `Gamma ${uniq()}`),
  ];
  return { cast, cco: cast.actors.cco, alpha, beta, gamma };
}

/** A stage of a fresh live journey, owned by `owner` (its head accountable) unless `owner` is null. */
export async function makeStage(cco: Actor, owner: HeadedDepartment | null): Promise<{ journeyId: string; stageId: string }> {
  const { journeyId, stageIds } = await makeJourney(cco, 1);
  if (owner) await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, owner) });
  return { journeyId, stageId: stageIds[0]! };
}

export const raiseInput = (over: Partial<RaiseDisputeInput> = {}): RaiseDisputeInput => ({
  kind: "standards",
  stageId: null,
  handoffId: null,
  title: `Dispute ${uniq()}`,
  description: "We disagree about who should do this and how well.",
  partyDepartmentIds: [],
  ...over,
});

/** An ownership dispute: `raiser` (a head) wants the stage `owner` owns. */
export async function raiseOwnershipDispute(raiser: HeadedDepartment, stageId: string, owner: HeadedDepartment, over: Partial<RaiseDisputeInput> = {}) {
  const { disputeId } = await raiseDispute({ actor: raiser.head, input: raiseInput({ kind: "ownership", stageId, partyDepartmentIds: [owner.id], ...over }) });
  return disputeId;
}

export const decideInput = (disputeId: string, over: Partial<DecideInput> = {}): DecideInput => ({
  disputeId,
  outcome: `Outcome ${uniq()}`,
  rationale: "The customer is better served this way.",
  optionsConsidered: "",
  supersedesId: null,
  assignOwnership: false,
  effectDepartmentId: null,
  effectPersonId: null,
  effectResponsible: [],
  effectConsulted: [],
  effectInformed: [],
  effectBasis: null,
  ...over,
});

/**
 * The effect fields of a decision that gives the stage to `to`, its head accountable. The
 * effect is the stage's complete RACI: R/C/I departments not listed in `rci` hold no role after it.
 */
export const assignTo = (to: HeadedDepartment, rci: { responsible?: string[]; consulted?: string[]; informed?: string[] } = {}) => ({
  assignOwnership: true,
  effectDepartmentId: to.id,
  effectPersonId: to.head.id,
  effectResponsible: rci.responsible ?? [],
  effectConsulted: rci.consulted ?? [],
  effectInformed: rci.informed ?? [],
});

/** A fresh ownership dispute over a stage `owner` owns, raised by `raiser` and taken under review by the CCO. */
export async function disputeUnderReview(w: { cco: Actor }, raiser: HeadedDepartment, owner: HeadedDepartment) {
  const { journeyId, stageId } = await makeStage(w.cco, owner);
  const disputeId = await raiseOwnershipDispute(raiser, stageId, owner);
  await takeUnderReview({ actor: w.cco, disputeId });
  return { journeyId, stageId, disputeId };
}

/** A decided ownership dispute that gave the stage to the raiser's department. */
export async function decidedDispute(w: { cco: Actor }, raiser: HeadedDepartment, owner: HeadedDepartment, over: Partial<DecideInput> = {}) {
  const d = await disputeUnderReview(w, raiser, owner);
  const { decisionId } = await recordDecision({ actor: w.cco, input: decideInput(d.disputeId, { ...assignTo(raiser), ...over }) });
  return { ...d, decisionId };
}

export async function disputeRow(db: Db, id: string) {
  return (await db.select().from(disputes).where(eq(disputes.id, id)))[0]!;
}

export async function decisionsOf(db: Db, disputeId: string) {
  return db.select().from(decisions).where(eq(decisions.disputeId, disputeId));
}

/** The stage's current accountable department id (or null). */
export async function ownerOf(db: Db, stageId: string): Promise<string | null> {
  const [row] = await db
    .select({ departmentId: ownershipAssignments.departmentId })
    .from(ownershipAssignments)
    .where(and(eq(ownershipAssignments.stageId, stageId), eq(ownershipAssignments.raci, "accountable"), isNull(ownershipAssignments.validTo)));
  return row?.departmentId ?? null;
}

/** Archives a department directly, as if someone had just done it elsewhere (no audit, no side effects). */
export async function archiveDirectly(db: Db, departmentId: string) {
  await db.update(departments).set({ archived: true }).where(eq(departments.id, departmentId));
}
