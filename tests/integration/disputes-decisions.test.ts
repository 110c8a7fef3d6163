import crypto from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { decisions, notifications, ownershipAssignments, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { raiseDispute, recordDecision, takeUnderReview, withdrawDispute } from "@/lib/disputes/commands";
import { getDispute, listDecisions, listSupersedableDecisions } from "@/lib/disputes/queries";
import type { DecisionLogFilter } from "@/lib/disputes/schemas";
import { pgErrorCode } from "@/lib/errors";
import { assignOwnership } from "@/lib/ownership/commands";
import { auditMark, auditSince } from "../helpers/audit";
import { asOwner, rows, useTestDatabase } from "../helpers/db";
import {
  archiveDirectly,
  assignTo,
  decidedDispute,
  decideInput,
  decisionsOf,
  disputeRow,
  disputeUnderReview,
  makeDisputeWorld,
  makeStage,
  ownerOf,
  raiseInput,
  raiseOwnershipDispute,
  type DisputeWorld,
} from "../helpers/dispute-fixtures";
import { assignInput, expectRefused, expectUnchanged, makeHeadedDepartment, makeJourney, uniq } from "../helpers/ownership-fixtures";

// current-user pulls in the Auth.js config, which imports "next/server" without an extension.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const DECIDED = "This dispute is already decided; record a new dispute to revisit it.";

let w: DisputeWorld;
let cco: Actor;
beforeAll(async () => {
  w = await makeDisputeWorld(db());
  cco = w.cco;
});

const historyOf = (stageId: string) => db().select().from(ownershipAssignments).where(eq(ownershipAssignments.stageId, stageId)).orderBy(asc(ownershipAssignments.validFrom));

/** Runs a statement that must fail, returning the error. */
async function failing(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error("expected the statement to fail, but it succeeded");
}
const messageChain = (e: unknown): string => (e instanceof Error ? `${e.message} ${messageChain(e.cause)}` : "");

describe("recording a decision with an ownership effect (rule 4)", () => {
  it("moves accountability, keeps the other R/C/I roles, closes the dispute and audits both changes", async () => {
    const { stageIds } = await makeJourney(cco, 1);
    const stageId = stageIds[0]!;
    await assignOwnership({ actor: cco, input: assignInput(stageId, w.beta, { consulted: [w.alpha.id], informed: [w.gamma.id] }) });
    const disputeId = await raiseOwnershipDispute(w.alpha, stageId, w.beta, { title: "Alpha wants it" });
    await takeUnderReview({ actor: cco, disputeId });
    const mark = await auditMark(db());
    // As the pre-filled form sends it: Alpha accountable, Gamma still informed.
    const { decisionId } = await recordDecision({ actor: cco, input: decideInput(disputeId, { ...assignTo(w.alpha, { informed: [w.gamma.id] }), outcome: "Alpha owns it", optionsConsidered: "Keep Beta" }) });

    const [decision] = await decisionsOf(db(), disputeId);
    const summary = `Accountable: ${w.alpha.name} (${w.alpha.head.name}) · Responsible: none · Consulted: none · Informed: ${w.gamma.name}`;
    expect(decision).toMatchObject({ id: decisionId, outcome: "Alpha owns it", optionsConsidered: "Keep Beta", decidedById: cco.id, effectSummary: summary, supersedesId: null });
    expect(decision!.effect).toEqual({ type: "set_raci", stageId, accountable: { departmentId: w.alpha.id, personId: w.alpha.head.id }, responsible: [], consulted: [], informed: [w.gamma.id] });
    const dispute = await disputeRow(db(), disputeId);
    expect(dispute.status).toBe("decided");
    expect(dispute.closedAt).toBeInstanceOf(Date);

    const current = (await historyOf(stageId)).filter((r) => r.validTo === null);
    expect(current.map((r) => [r.departmentId, r.raci, r.source, r.decisionId])).toEqual(
      expect.arrayContaining([
        [w.alpha.id, "accountable", "decided", decisionId],
        [w.gamma.id, "informed", "assigned", null],
      ]),
    );
    expect(current).toHaveLength(2);
    const decided = current.find((r) => r.source === "decided")!;
    expect(decided).toMatchObject({ personId: w.alpha.head.id, byUserId: cco.id, reason: "Decision: Alpha owns it" });
    expect((await historyOf(stageId)).filter((r) => r.departmentId === w.beta.id).every((r) => r.validTo !== null)).toBe(true);

    const events = await auditSince(db(), mark);
    expect(events.map((e) => [e.action, e.entityType, e.entityId, e.actorId])).toEqual([
      ["ownership.assigned", "stage", stageId, cco.id],
      ["decision.recorded", "decision", decisionId, cco.id],
    ]);
    expect(events[1]).toMatchObject({ reason: summary, after: { disputeId, outcome: "Alpha owns it", supersedesId: null, effect: decision!.effect } });
    const decidedNotes = await db().select().from(notifications).where(and(eq(notifications.kind, "dispute_decided"), eq(notifications.link, `/disputes/${disputeId}`)));
    expect(decidedNotes.map((n) => n.userId).sort()).toEqual([w.alpha.head.id, w.beta.head.id].sort());
    expect(decidedNotes[0]).toMatchObject({ title: "Decided: Alpha wants it", body: "Alpha owns it" });

    const shown = await getDispute({ actor: w.cco, disputeId });
    expect(shown.decision).toMatchObject({ decision: { id: decisionId }, decidedByName: w.cast.users.cco.name });
  });

  it("a decision without an effect closes the dispute and changes no ownership", async () => {
    const { stageId, disputeId } = await disputeUnderReview(w, w.alpha, w.beta);
    const before = await historyOf(stageId);
    const mark = await auditMark(db());
    await recordDecision({ actor: cco, input: decideInput(disputeId, { outcome: "Beta keeps it" }) });
    expect(await historyOf(stageId)).toEqual(before);
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["decision.recorded"]);
    expect((await disputeRow(db(), disputeId)).status).toBe("decided");
    expect((await decisionsOf(db(), disputeId))[0]).toMatchObject({ effect: null, effectSummary: null });
  });

  it("an R/C/I department archived since does not block the decision", async () => {
    const { stageIds } = await makeJourney(cco, 1);
    const stageId = stageIds[0]!;
    const old = await makeHeadedDepartment(db(), `Old ${uniq()}`);
    await assignOwnership({ actor: cco, input: assignInput(stageId, w.beta, { informed: [w.gamma.id] }) });
    const disputeId = await raiseOwnershipDispute(w.alpha, stageId, w.beta);
    await takeUnderReview({ actor: cco, disputeId });
    // The CCO opened the decision form on this RACI; then Old was made Informed, then archived.
    const basis = { accountable: { departmentId: w.beta.id, personId: w.beta.head.id }, responsible: [], consulted: [], informed: [w.gamma.id] };
    await assignOwnership({ actor: cco, input: assignInput(stageId, w.beta, { informed: [old.id, w.gamma.id] }) });
    await archiveDirectly(db(), old.id);
    const { decisionId } = await recordDecision({ actor: cco, input: decideInput(disputeId, { ...assignTo(w.alpha, { informed: [w.gamma.id] }), effectBasis: basis }) });
    const current = (await historyOf(stageId)).filter((r) => r.validTo === null);
    expect(current.map((r) => [r.departmentId, r.raci, r.decisionId]).sort()).toEqual([[w.alpha.id, "accountable", decisionId], [w.gamma.id, "informed", null]].sort());
  });
});

describe("decisions that are refused write nothing", () => {
  it("only the CCO decides", async () => {
    const { disputeId } = await disputeUnderReview(w, w.alpha, w.beta);
    for (const actor of [w.alpha.head, w.beta.head, w.cast.actors.executive, w.alpha.member, w.cast.actors.admin]) {
      await expectRefused(db(), () => recordDecision({ actor, input: decideInput(disputeId, assignTo(w.alpha)) }), "forbidden", "Only the CCO can record a decision.");
    }
  });

  it("an open (not under review), withdrawn or already decided dispute cannot be decided", async () => {
    const { stageId } = await makeStage(cco, w.beta);
    const open = await raiseOwnershipDispute(w.alpha, stageId, w.beta);
    await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(open, assignTo(w.alpha)) }), "conflict", "Take the dispute under review before deciding it.");
    const { disputeId: withdrawn } = await raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) });
    await withdrawDispute({ actor: w.alpha.head, disputeId: withdrawn, reason: "Solved" });
    await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(withdrawn) }), "conflict", "This dispute was withdrawn.");
    const { disputeId: done } = await decidedDispute(w, w.alpha, w.beta);
    await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(done, assignTo(w.gamma)) }), "conflict", DECIDED);
    expect(await decisionsOf(db(), done)).toHaveLength(1);
    await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(crypto.randomUUID()) }), "not_found", "That dispute was not found.");
  });

  it("an empty rationale or outcome is refused by the database even past the form", async () => {
    const { disputeId } = await disputeUnderReview(w, w.alpha, w.beta);
    for (const over of [{ rationale: "   " }, { outcome: "" }]) {
      const e = await expectUnchanged(db(), () => failing(() => recordDecision({ actor: cco, input: decideInput(disputeId, { ...assignTo(w.alpha), ...over }) })));
      expect(pgErrorCode(e)).toBe("23514");
    }
    expect((await disputeRow(db(), disputeId)).status).toBe("under_review");
  });

  it("an effect naming an archived department, an inactive person or someone of another department gets field errors", async () => {
    const { stageId, disputeId } = await disputeUnderReview(w, w.alpha, w.beta);
    const gone = await makeHeadedDepartment(db(), `Gone ${uniq()}`);
    await archiveDirectly(db(), gone.id);
    const e1 = await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(disputeId, assignTo(gone)) }), "invalid", "The decision's ownership effect cannot be applied; nothing was recorded.");
    expect(e1.fieldErrors.effectDepartmentId).toEqual([`${gone.name} is archived; choose a current department.`]);

    await db().update(users).set({ active: false }).where(eq(users.id, w.alpha.member.id));
    const e2 = await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(disputeId, { ...assignTo(w.alpha), effectPersonId: w.alpha.member.id }) }), "invalid");
    expect(e2.fieldErrors.effectPersonId).toEqual([`${w.alpha.member.name} is deactivated; choose an active person.`]);
    await db().update(users).set({ active: true }).where(eq(users.id, w.alpha.member.id));

    const e3 = await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(disputeId, { ...assignTo(w.alpha), effectPersonId: w.beta.head.id }) }), "invalid");
    expect(e3.fieldErrors.effectPersonId).toEqual([`${w.beta.head.name} is not in ${w.alpha.name}.`]);
    await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(disputeId, assignTo(w.beta)) }), "conflict", /changes nothing/);
    expect(await ownerOf(db(), stageId)).toBe(w.beta.id);
    expect(await decisionsOf(db(), disputeId)).toEqual([]);
  });

  it("a dispute about no stage cannot carry an ownership effect", async () => {
    const { disputeId } = await raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) });
    await takeUnderReview({ actor: cco, disputeId });
    const e = await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(disputeId, assignTo(w.alpha)) }), "invalid");
    expect(e.fieldErrors).toEqual({ assignOwnership: ["This dispute is not about a stage, so it cannot assign one."] });
  });
});

describe("decisions are immutable and may be superseded once", () => {
  it("the database refuses UPDATE, DELETE and TRUNCATE on decisions (even to the owner), and decided ownership rows must point at one", async () => {
    const { decisionId, stageId } = await decidedDispute(w, w.alpha, w.beta);
    const [before] = await db().select().from(decisions).where(eq(decisions.id, decisionId));
    for (const statement of [sql`update decisions set outcome = 'Rewritten' where id = ${decisionId}`, sql`delete from decisions where id = ${decisionId}`, sql`truncate decisions cascade`]) {
      const e = await expectUnchanged(db(), () => failing(() => asOwner((owner) => owner.execute(statement))));
      expect(pgErrorCode(e)).toBe("42501");
      expect(messageChain(e)).toMatch(/decisions are immutable/);
    }
    expect((await db().select().from(decisions).where(eq(decisions.id, decisionId)))[0]).toEqual(before);
    const orphan = sql`insert into ownership_assignments (stage_id, department_id, raci, source, reason, decision_id) values (${stageId}, ${w.gamma.id}, 'informed', 'decided', 'x', ${crypto.randomUUID()})`;
    expect(pgErrorCode(await expectUnchanged(db(), () => failing(() => db().execute(orphan))))).toBe("23503");
  });

  it("a later decision supersedes an earlier one, linked both ways; a decision is superseded at most once", async () => {
    const first = await decidedDispute(w, w.alpha, w.beta, { outcome: "Alpha owns it for now" });
    const second = await disputeUnderReview(w, w.beta, w.alpha);
    const { decisionId: later } = await recordDecision({ actor: cco, input: decideInput(second.disputeId, { ...assignTo(w.beta), supersedesId: first.decisionId }) });
    expect((await getDispute({ actor: w.cco, disputeId: second.disputeId })).supersedes).toEqual({ id: first.decisionId, disputeId: first.disputeId, outcome: "Alpha owns it for now" });
    expect((await getDispute({ actor: w.cco, disputeId: first.disputeId })).supersededBy).toEqual({ id: later, disputeId: second.disputeId });
    expect((await getDispute({ actor: w.cco, disputeId: first.disputeId })).supersedes).toBeNull();
    const log = (await listDecisions({ actor: cco, filter: {} })).rows;
    expect(log.find((d) => d.id === first.decisionId)).toMatchObject({ supersededById: later, supersedesId: null });
    expect(log.find((d) => d.id === later)).toMatchObject({ supersedesId: first.decisionId, supersededById: null });

    const third = await disputeUnderReview(w, w.gamma, w.alpha);
    const e1 = await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(third.disputeId, { supersedesId: first.decisionId }) }), "invalid");
    expect(e1.fieldErrors).toEqual({ supersedesId: ["That decision has already been superseded by another."] });
    const e2 = await expectRefused(db(), () => recordDecision({ actor: cco, input: decideInput(third.disputeId, { supersedesId: crypto.randomUUID() }) }), "invalid");
    expect(e2.fieldErrors).toEqual({ supersedesId: ["That decision does not exist."] });
    expect((await disputeRow(db(), third.disputeId)).status).toBe("under_review");
  });
  it("offers every decision not yet superseded, however many there are, newest first", async () => {
    // More decisions than any page or cap would hold, written directly (scaffolding): one per
    // decided dispute, the oldest decided years ago.
    const n = 260;
    const tag = `bulk${uniq()}`;
    await db().execute(sql`
      with d as (
        insert into disputes (kind, title, description, raised_by_id, status, opened_at, due_by, reviewer_id, closed_at)
        select 'other', ${tag} || ' ' || g, 'Loaded in bulk', ${cco.id}, 'decided', timestamptz '2020-01-01' + g * interval '1 day',
          timestamptz '2020-01-11' + g * interval '1 day', ${cco.id}, timestamptz '2020-01-02' + g * interval '1 day'
        from generate_series(1, ${n}) g
        returning id, closed_at)
      insert into decisions (dispute_id, outcome, rationale, decided_by_id, decided_at)
      select id, 'Bulk outcome', 'r', ${cco.id}, closed_at from d`);
    const offered = await listSupersedableDecisions();
    const bulk = offered.filter((o) => o.label.includes(tag));
    expect(bulk).toHaveLength(n);
    // Newest first, and the oldest (decided 2 January 2020) is still offered.
    expect(bulk[0]!.label).toContain(`${tag} ${n}:`);
    expect(bulk.at(-1)!.label).toContain(`${tag} 1:`);
    const [open] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from decisions d where not exists (select 1 from decisions l where l.supersedes_id = d.id)`);
    expect(offered).toHaveLength(open!.n);
  });
});

describe("the decision log", () => {
  it("searches outcome, rationale and dispute text, and filters by stage, department, kind and date", async () => {
    const word = `zebra${uniq()}`;
    const a = await decidedDispute(w, w.alpha, w.beta, { outcome: `Alpha runs the ${word} step`, rationale: "Closest to the customer" });
    const b = await decidedDispute(w, w.gamma, w.beta, { outcome: "Gamma takes it", rationale: `The ${word.toUpperCase()} team is in Gamma` });
    const { disputeId: c } = await raiseDispute({ actor: w.cast.actors.executive, input: raiseInput({ kind: "resources", title: `Budget for ${word}`, partyDepartmentIds: [w.gamma.id] }) });
    await takeUnderReview({ actor: cco, disputeId: c });
    const { decisionId: cId } = await recordDecision({ actor: cco, input: decideInput(c, { outcome: "Split 50% each", rationale: "Fair" }) });
    const ids = async (f: DecisionLogFilter) => (await listDecisions({ actor: cco, filter: f })).rows.map((d) => d.id).sort();
    const mine = [a.decisionId, b.decisionId, cId].sort();

    expect(await ids({ q: word })).toEqual(mine);
    expect(await ids({ q: `${word} step` })).toEqual([a.decisionId]);
    expect(await ids({ q: "50%" })).toEqual([cId]);
    expect(await ids({ q: "%" })).toEqual([cId]);
    expect(await ids({ q: word, stageId: a.stageId })).toEqual([a.decisionId]);
    expect(await ids({ q: word, departmentId: w.alpha.id })).toEqual([a.decisionId]);
    expect(await ids({ q: word, departmentId: w.gamma.id })).toEqual([b.decisionId, cId].sort());
    expect(await ids({ q: word, kind: "resources" })).toEqual([cId]);
    expect(await ids({ q: word, kind: "ownership" })).toEqual([a.decisionId, b.decisionId].sort());

    const [row] = (await listDecisions({ actor: cco, filter: { q: word, stageId: a.stageId } })).rows;
    expect(row).toMatchObject({ disputeId: a.disputeId, kind: "ownership", stageId: a.stageId, stageName: "Stage 1", effectSummary: expect.stringContaining(`Accountable: ${w.alpha.name}`), decidedByName: w.cast.users.cco.name });
    expect(row!.effect).toMatchObject({ type: "set_raci", accountable: { departmentId: w.alpha.id } });
    expect(row!.parties).toEqual([w.alpha.name, w.beta.name].sort());
    const day = row!.decidedAt.toISOString().slice(0, 10);
    const shift = (n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    expect(await ids({ q: word, from: day, to: day })).toEqual(mine);
    expect(await ids({ q: word, from: shift(1) })).toEqual([]);
    expect(await ids({ q: word, to: shift(-1) })).toEqual([]);
    expect(await ids({ q: word, from: shift(-1), to: shift(1) })).toEqual(mine);
  });
});
