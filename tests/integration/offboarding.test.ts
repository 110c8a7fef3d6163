import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { confirmArchiveAction, confirmDeactivationAction } from "@/app/(app)/admin/actions";
import { departments, disputeParties, disputes, goals, handoffs, ownershipAssignments, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { getDashboard } from "@/lib/dashboard/queries";
import { raiseDispute } from "@/lib/disputes/commands";
import { createGoal } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import { confirmOffboarding, STALE_PREVIEW } from "@/lib/offboarding/commands";
import { getOffboardingPreview, loadOffboardingPreview } from "@/lib/offboarding/queries";
import { confirmOffboardingSchema } from "@/lib/offboarding/schemas";
import { assignOwnership, claimStage, proposeHandoff } from "@/lib/ownership/commands";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast, makeUser } from "../helpers/factories";
import { offboardingForm } from "../helpers/offboarding";
import { assignInput, currentAccountable, expectRefused, expectUnchanged, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";
import { signInAs } from "../helpers/session";

const db = useTestDatabase();

let cast: Awaited<ReturnType<typeof makeCast>>;
let cco: Actor;
let admin: Actor;
let objectiveId: string;
beforeAll(async () => {
  cast = await makeCast(db());
  cco = cast.actors.cco;
  admin = cast.actors.admin;
  ({ objectiveId } = (await createObjective({ actor: cco, input: { title: `Keep customers ${uniq()}`, description: "", periodStart: "2024-01-01", periodEnd: "2030-12-31" } }))!);
});

const headed = (label: string) => makeHeadedDepartment(db(), `${label} ${uniq()}`);

async function ownedStage(owner: HeadedDepartment, over: Parameters<typeof assignInput>[2] = {}) {
  const { journeyId, stageIds } = await makeJourney(cco, 1);
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, owner, over) });
  return { journeyId, stageId: stageIds[0]! };
}

async function goalOn(stageId: string, ownerId: string) {
  const { goalId } = await createGoal({
    actor: cco,
    input: {
      stageId,
      activate: true,
      title: `Goal ${uniq()}`,
      description: "Customers rate the step higher.",
      metricName: "NPS",
      metricUnit: "points",
      baseline: "10",
      target: "20",
      direction: "increase",
      startDate: "2024-01-01",
      dueDate: "2030-06-30",
      ownerId,
      objectiveId,
      budget: "0",
      people: "1",
      resourcesNote: "",
    },
  });
  return goalId;
}

const person = (id: string) => ({ kind: "person" as const, id });
const department = (id: string) => ({ kind: "department" as const, id });
const parse = (form: Record<string, string>) => confirmOffboardingSchema.parse(form);
const keys = async (subject: { kind: "person" | "department"; id: string }) => (await loadOffboardingPreview(db(), subject)).items.map((i) => i.key).sort();

describe("the preview", () => {
  it("lists exactly what a person owns: accountable stages, open goals, pending handoffs, open disputes", async () => {
    const [alpha, beta, gamma] = [await headed("Alpha"), await headed("Beta"), await headed("Gamma")];
    const mine = await ownedStage(alpha, { responsible: [beta.id] });
    const theirs = await ownedStage(beta);
    const myGoal = await goalOn(mine.stageId, alpha.head.id);
    await goalOn(mine.stageId, alpha.member.id); // someone else's goal
    const { handoffId: offered } = await proposeHandoff({ actor: alpha.head, input: { stageId: mine.stageId, toDepartmentId: gamma.id, note: "Gamma runs it now", goalDisposition: "move", force: false } });
    const { handoffId: toThem } = await proposeHandoff({ actor: beta.head, input: { stageId: theirs.stageId, toDepartmentId: alpha.id, note: "Yours, really", goalDisposition: "move", force: false } });
    const { disputeId } = await raiseDispute({ actor: alpha.head, input: { kind: "standards", stageId: null, handoffId: null, title: `Standards ${uniq()}`, description: "We disagree on the standard.", partyDepartmentIds: [beta.id] } });

    const preview = await getOffboardingPreview({ actor: admin, subject: person(alpha.head.id) });
    expect(preview.items.map((i) => i.key).sort()).toEqual([`dispute:${disputeId}`, `goal:${myGoal}`, `handoff:${offered}`, `handoff:${toThem}`, `stage:${mine.stageId}`].sort());
    expect(preview.items.find((i) => i.kind === "stage")).toMatchObject({ raci: "accountable", successor: "person" });
    expect(preview.options.people.some((p) => p.id === alpha.head.id)).toBe(false);

    // A department: every role it holds, its goals, handoffs from or to it, disputes it is a party to.
    expect(await keys(department(beta.id))).toEqual(
      [`stage:${mine.stageId}`, `stage:${theirs.stageId}`, `handoff:${toThem}`, `dispute:${disputeId}`].sort(),
    );
    // Only the admin may look.
    await expect(getOffboardingPreview({ actor: cco, subject: person(alpha.head.id) })).rejects.toMatchObject({ kind: "forbidden" });
  });
});

describe("confirming", () => {
  it("hands each chosen item on and deactivates, in one transaction with one audit event per change", async () => {
    const [alpha, beta] = [await headed("Alpha"), await headed("Beta")];
    const s1 = await ownedStage(alpha, { responsible: [beta.id] });
    const s2 = await ownedStage(alpha);
    const g1 = await goalOn(s1.stageId, alpha.head.id);
    const g2 = await goalOn(s2.stageId, alpha.head.id);
    const form = await offboardingForm(db(), person(alpha.head.id), { [`stage:${s1.stageId}`]: beta.head.id, [`stage:${s2.stageId}`]: alpha.member.id, [`goal:${g2}`]: alpha.member.id }, "Left the company");
    const mark = await auditMark(db());
    signInAs(admin);
    const result = await confirmDeactivationAction(null, form);
    expect(result).toMatchObject({ ok: true, data: { handedOn: 3, flagged: [] } });
    if (result.ok) expect(result.message).toBe(`${alpha.head.name} was deactivated. 3 items were handed on; 0 were left flagged.`);

    // S1 went to Beta's head: Beta gives up its R role to become accountable; its open goal moved with it.
    expect((await currentAccountable(db(), s1.stageId))[0]).toMatchObject({ departmentId: beta.id, personId: beta.head.id });
    expect((await db().select().from(goals).where(eq(goals.id, g1)))[0]).toMatchObject({ departmentId: beta.id, ownerId: beta.head.id });
    expect((await currentAccountable(db(), s2.stageId))[0]).toMatchObject({ departmentId: alpha.id, personId: alpha.member.id });
    expect((await db().select().from(goals).where(eq(goals.id, g2)))[0]).toMatchObject({ departmentId: alpha.id, ownerId: alpha.member.id });
    expect((await db().select().from(users).where(eq(users.id, alpha.head.id)))[0]!.active).toBe(false);

    const events = await auditSince(db(), mark);
    expect(events.every((e) => e.actorId === admin.id)).toBe(true);
    const actions = events.map((e) => `${e.action}:${e.entityId}`);
    expect(actions).toEqual(
      expect.arrayContaining([`ownership.assigned:${s1.stageId}`, `goal.moved:${g1}`, `ownership.assigned:${s2.stageId}`, `goal.updated:${g2}`, `user.deactivated:${alpha.head.id}`]),
    );
    expect(events.filter((e) => e.action === "stage.orphaned")).toEqual([]);
    expect(events).toHaveLength(5);
  });

  it("rolls back whole when one item fails: nothing changed, no audit event, the error names that item", async () => {
    const [alpha, beta] = [await headed("Alpha"), await headed("Beta")];
    const s1 = await ownedStage(alpha);
    const s2 = await ownedStage(alpha);
    const gone = await makeUser(db(), { role: "head", departmentId: beta.id, active: false });
    const form = await offboardingForm(db(), person(alpha.head.id), { [`stage:${s1.stageId}`]: beta.head.id, [`stage:${s2.stageId}`]: gone.id });
    const error = await expectRefused(db(), () => confirmOffboarding({ actor: admin, input: parse(form) }), "invalid");
    expect(error.fieldErrors).toEqual({ [`choice:stage:${s2.stageId}`]: [`${gone.name} is deactivated; choose an active person.`] });
    expect((await db().select().from(users).where(eq(users.id, alpha.head.id)))[0]!.active).toBe(true);
  });

  it("refuses with `stale` when what the person owns changed since the preview, and writes nothing", async () => {
    const alpha = await headed("Alpha");
    await ownedStage(alpha);
    const form = await offboardingForm(db(), person(alpha.head.id));
    // Another admin's or the CCO's change lands between preview and confirmation.
    await ownedStage(alpha);
    const mark = await auditMark(db());
    signInAs(admin);
    const result = await expectUnchanged(db(), () => confirmDeactivationAction(null, form));
    expect(result).toEqual({ ok: false, code: "stale", error: STALE_PREVIEW, fieldErrors: {} });
    expect(await auditSince(db(), mark)).toEqual([]);
    // The fresh preview's fingerprint is accepted.
    expect(await confirmDeactivationAction(null, await offboardingForm(db(), person(alpha.head.id)))).toMatchObject({ ok: true, data: { handedOn: 0 } });
  });

  it("a successor for an item that takes none, or a key the preview does not hold, is refused", async () => {
    const [alpha, beta] = [await headed("Alpha"), await headed("Beta")];
    const s = await ownedStage(beta);
    const { handoffId } = await proposeHandoff({ actor: beta.head, input: { stageId: s.stageId, toDepartmentId: alpha.id, note: "For you", goalDisposition: "move", force: false } });
    const bad = await offboardingForm(db(), person(alpha.head.id), { [`handoff:${handoffId}`]: beta.id });
    await expectRefused(db(), () => confirmOffboarding({ actor: admin, input: parse(bad) }), "invalid", /highlighted/);
    const unknown = await offboardingForm(db(), person(alpha.head.id), { [`stage:${crypto.randomUUID()}`]: beta.head.id });
    await expectRefused(db(), () => confirmOffboarding({ actor: admin, input: parse(unknown) }), "stale");
  });
});

describe("archiving a department", () => {
  it("passes roles, offers and dispute seats to successors; what is left flagged expires or is orphaned", async () => {
    const [doomed, beta, gamma] = [await headed("Doomed"), await headed("Beta"), await headed("Gamma")];
    const owned = await ownedStage(doomed);
    const flaggedStage = await ownedStage(doomed);
    const withRole = await ownedStage(beta, { consulted: [doomed.id] });
    const goal = await goalOn(owned.stageId, doomed.member.id);
    const offerTo = await ownedStage(gamma);
    const { handoffId: toDoomed } = await proposeHandoff({ actor: gamma.head, input: { stageId: offerTo.stageId, toDepartmentId: doomed.id, note: "Please take it", goalDisposition: "move", force: false } });
    const { disputeId } = await raiseDispute({ actor: doomed.head, input: { kind: "standards", stageId: null, handoffId: null, title: `Standards ${uniq()}`, description: "Disagreement.", partyDepartmentIds: [gamma.id] } });

    const form = await offboardingForm(db(), department(doomed.id), {
      [`stage:${owned.stageId}`]: beta.head.id,
      [`stage:${withRole.stageId}`]: gamma.id,
      [`handoff:${toDoomed}`]: beta.id,
      [`dispute:${disputeId}`]: beta.id,
    }, "Merged into Beta");
    const mark = await auditMark(db());
    signInAs(admin);
    const result = await confirmArchiveAction(null, form);
    expect(result).toMatchObject({ ok: true, data: { handedOn: 4 } });
    if (result.ok) expect(result.data.flagged).toEqual([expect.stringContaining("stays assigned and shows as needing an owner")]);

    expect((await currentAccountable(db(), owned.stageId))[0]).toMatchObject({ departmentId: beta.id });
    expect((await db().select().from(goals).where(eq(goals.id, goal)))[0]).toMatchObject({ departmentId: beta.id, ownerId: beta.head.id });
    const roles = await db().select().from(ownershipAssignments).where(and(eq(ownershipAssignments.stageId, withRole.stageId), isNull(ownershipAssignments.validTo)));
    expect(roles.map((r) => `${r.departmentId}:${r.raci}`).sort()).toEqual([`${beta.id}:accountable`, `${gamma.id}:consulted`].sort());
    const offers = await db().select().from(handoffs).where(eq(handoffs.stageId, offerTo.stageId));
    expect(offers.map((h) => `${h.toDepartmentId}:${h.status}`).sort()).toEqual([`${beta.id}:pending`, `${doomed.id}:expired`].sort());
    const parties = await db().select().from(disputeParties).where(eq(disputeParties.disputeId, disputeId));
    expect(parties.map((p) => p.departmentId).sort()).toEqual([beta.id, gamma.id].sort());
    expect((await db().select().from(disputes).where(eq(disputes.id, disputeId)))[0]!.raisedByDepartmentId).toBe(beta.id);
    expect((await db().select().from(departments).where(eq(departments.id, doomed.id)))[0]!.archived).toBe(true);

    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action).sort()).toEqual(
      ["ownership.assigned", "goal.moved", "ownership.assigned", "handoff.expired", "handoff.proposed", "dispute.party_replaced", "department.archived", "stage.orphaned"].sort(),
    );
    expect(events.find((e) => e.action === "stage.orphaned")!.entityId).toBe(flaggedStage.stageId);
  });

  it("a flagged stage is orphaned: the matrix no longer counts it for the department, it needs an owner", async () => {
    const [alpha, beta] = [await headed("Alpha"), await headed("Beta")];
    const { journeyId, stageId } = await ownedStage(alpha, { responsible: [beta.id] });
    const before = await getDashboard({ journeyId });
    expect(before.matrix.find((c) => c.departmentId === alpha.id)).toMatchObject({ accountable: 1 });
    expect(before.needsOwner.map((s) => s.stageId)).not.toContain(stageId);

    signInAs(admin);
    expect(await confirmDeactivationAction(null, await offboardingForm(db(), person(alpha.head.id)))).toMatchObject({ ok: true, data: { handedOn: 0, flagged: [expect.any(String)] } });
    const afterDeactivation = await getDashboard({ journeyId });
    expect(afterDeactivation.matrix.find((c) => c.departmentId === alpha.id)).toBeUndefined();
    expect(afterDeactivation.matrix.find((c) => c.departmentId === beta.id)).toMatchObject({ accountable: 0, responsible: 1 });
    expect(afterDeactivation.needsOwner.find((s) => s.stageId === stageId)).toMatchObject({ reason: "owner_inactive" });
    expect(afterDeactivation.stageMatrix.filter((r) => r.stageId === stageId && r.raci === "accountable")).toEqual([]);

    // Archiving the responsible department, flagged too: it drops out of the matrix altogether.
    expect(await confirmArchiveAction(null, await offboardingForm(db(), department(beta.id)))).toMatchObject({ ok: true });
    const afterArchive = await getDashboard({ journeyId });
    expect(afterArchive.matrix).toEqual([]);
  });
});

describe("claims and assignments against a deactivated person or an archived department", () => {
  it("a deactivated head cannot claim with a session read before the deactivation", async () => {
    const alpha = await headed("Alpha");
    const { stageIds } = await makeJourney(cco, 1);
    signInAs(admin);
    expect(await confirmDeactivationAction(null, await offboardingForm(db(), person(alpha.head.id)))).toMatchObject({ ok: true });
    await expectRefused(db(), () => claimStage({ actor: alpha.head, stageId: stageIds[0]! }), "forbidden");
  });
});
