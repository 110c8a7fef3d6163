import crypto from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { departments, notifications, ownershipAssignments } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { archiveStage } from "@/lib/journeys/commands";
import { getJourneyBoard } from "@/lib/journeys/queries";
import { assignOwnership, claimStage, proposeHandoff } from "@/lib/ownership/commands";
import { alreadyOwnedMessage } from "@/lib/ownership/rules";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast, makeUser } from "../helpers/factories";
import {
  assignInput,
  currentAccountable,
  expectRefused,
  handoffRow,
  makeHeadedDepartment,
  makeJourney,
  uniq,
  type HeadedDepartment,
} from "../helpers/ownership-fixtures";

// current-user (imported for its types by the commands) pulls in the Auth.js config, which
// imports "next/server" without an extension; no test here needs it.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const HIGHLIGHTED = "Please correct the highlighted fields.";

let cast: Awaited<ReturnType<typeof makeCast>>;
let cco: Actor;
let alpha: HeadedDepartment, beta: HeadedDepartment, gamma: HeadedDepartment, delta: HeadedDepartment;
beforeAll(async () => {
  cast = await makeCast(db());
  cco = cast.actors.cco;
  [alpha, beta, gamma, delta] = [
    await makeHeadedDepartment(db(), `Alpha ${uniq()}`),
    await makeHeadedDepartment(db(), `Beta ${uniq()}`),
    await makeHeadedDepartment(db(), `Gamma ${uniq()}`),
    await makeHeadedDepartment(db(), `Delta ${uniq()}`),
  ];
});

const oneStage = async () => {
  const { journeyId, stageIds } = await makeJourney(cco, 1);
  return { journeyId, stageId: stageIds[0]! };
};
const historyOf = (stageId: string) =>
  db().select().from(ownershipAssignments).where(eq(ownershipAssignments.stageId, stageId)).orderBy(asc(ownershipAssignments.validFrom), asc(ownershipAssignments.raci));
const inboxOf = (userId: string) => db().select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.createdAt));

describe("assignOwnership", () => {
  it("sets the accountable owner and R/C/I, writes one ownership.assigned event and notifies the new owner", async () => {
    const { journeyId, stageId } = await oneStage();
    const mark = await auditMark(db());
    const input = assignInput(stageId, alpha, { responsible: [beta.id], consulted: [gamma.id], informed: [delta.id], reason: "Alpha runs it" });
    await assignOwnership({ actor: cco, input });

    const history = await historyOf(stageId);
    expect(history.map((r) => [r.departmentId, r.raci, r.personId, r.source, r.byUserId, r.reason, r.validTo])).toEqual(
      expect.arrayContaining([
        [alpha.id, "accountable", alpha.head.id, "assigned", cco.id, "Alpha runs it", null],
        [beta.id, "responsible", null, "assigned", cco.id, "Alpha runs it", null],
        [gamma.id, "consulted", null, "assigned", cco.id, "Alpha runs it", null],
        [delta.id, "informed", null, "assigned", cco.id, "Alpha runs it", null],
      ]),
    );
    expect(history).toHaveLength(4);
    const events = await auditSince(db(), mark);
    expect(events).toMatchObject([{ action: "ownership.assigned", actorId: cco.id, entityType: "stage", entityId: stageId, reason: "Alpha runs it" }]);
    expect((events[0]!.before as { ownership: unknown[] }).ownership).toEqual([]);
    expect((events[0]!.after as { ownership: unknown[] }).ownership).toHaveLength(4);
    expect(await inboxOf(alpha.head.id)).toMatchObject([
      { kind: "stage_reassigned", title: `"Stage 1" is now owned by ${alpha.name}`, body: "Alpha runs it", link: `/journeys/${journeyId}/stages/${stageId}`, readAt: null },
    ]);
    const board = await getJourneyBoard({ journeyId });
    expect(board.stages[0]).toMatchObject({ accountable: { departmentId: alpha.id, personId: alpha.head.id, source: "assigned" }, flags: [] });
    expect(board.stages[0]!.raci.map((r) => [r.departmentId, r.raci])).toEqual([[gamma.id, "consulted"], [delta.id, "informed"], [beta.id, "responsible"]]);
  });

  it("changes only what differs: history rows are closed, never rewritten; no notification when the owner stays", async () => {
    const { stageId } = await oneStage();
    await assignOwnership({ actor: cco, input: assignInput(stageId, alpha, { responsible: [beta.id], consulted: [gamma.id], informed: [delta.id] }) });
    const before = await historyOf(stageId);
    const inboxBefore = (await inboxOf(alpha.head.id)).length;
    await assignOwnership({ actor: cco, input: assignInput(stageId, alpha, { responsible: [gamma.id], informed: [delta.id], reason: "Gamma does the work" }) });
    const after = await historyOf(stageId);

    const byId = new Map(after.map((r) => [r.id, r]));
    for (const old of before) {
      const now = byId.get(old.id)!;
      expect({ ...now, validTo: null }).toEqual({ ...old, validTo: null }); // nothing but valid_to may change
      const closes = (old.departmentId === beta.id) || (old.departmentId === gamma.id);
      expect(now.validTo === null, `${old.raci} ${old.departmentId}`).toBe(!closes);
    }
    const opened = after.filter((r) => !before.some((b) => b.id === r.id));
    expect(opened.map((r) => [r.departmentId, r.raci, r.reason, r.validTo])).toEqual([[gamma.id, "responsible", "Gamma does the work", null]]);
    expect((await inboxOf(alpha.head.id)).length).toBe(inboxBefore);
  });

  it("a new accountable person in the same department closes and reopens the row and notifies both people", async () => {
    const { stageId } = await oneStage();
    await assignOwnership({ actor: cco, input: assignInput(stageId, alpha) });
    const head0 = (await inboxOf(alpha.head.id)).length;
    await assignOwnership({ actor: cco, input: assignInput(stageId, alpha, { personId: alpha.member.id, reason: "Closer to the work" }) });
    const [current] = await currentAccountable(db(), stageId);
    expect(current).toMatchObject({ departmentId: alpha.id, personId: alpha.member.id });
    expect((await historyOf(stageId)).filter((r) => r.raci === "accountable").map((r) => [r.personId, r.validTo === null])).toEqual([
      [alpha.head.id, false],
      [alpha.member.id, true],
    ]);
    expect((await inboxOf(alpha.head.id)).slice(head0).map((n) => n.title)).toEqual([`"Stage 1" was reassigned to ${alpha.name}`]);
    expect((await inboxOf(alpha.member.id)).at(-1)).toMatchObject({ title: `"Stage 1" is now owned by ${alpha.name}`, body: "Closer to the work" });
  });

  it("moving the accountable role expires a pending handoff; an R/C/I-only change leaves it pending", async () => {
    const { stageId } = await oneStage();
    await assignOwnership({ actor: cco, input: assignInput(stageId, alpha) });
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: { stageId, toDepartmentId: beta.id, note: "Beta?", goalDisposition: "move", force: false } });
    await assignOwnership({ actor: cco, input: assignInput(stageId, alpha, { informed: [delta.id] }) });
    expect((await handoffRow(db(), handoffId)).status).toBe("pending");

    const mark = await auditMark(db());
    await assignOwnership({ actor: cco, input: assignInput(stageId, gamma, { reason: "Decided at the QBR" }) });
    expect(await handoffRow(db(), handoffId)).toMatchObject({ status: "expired", respondedById: cco.id, responseReason: "The CCO assigned the stage directly." });
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.entityId])).toEqual([["handoff.expired", handoffId], ["ownership.assigned", stageId]]);
    expect((await inboxOf(alpha.head.id)).at(-1)!.title).toBe(`"Stage 1" was reassigned to ${gamma.name}`);
    expect((await inboxOf(gamma.head.id)).at(-1)!.title).toBe(`"Stage 1" is now owned by ${gamma.name}`);
  });

  it("refuses a no-op, writing nothing", async () => {
    const { stageId } = await oneStage();
    await assignOwnership({ actor: cco, input: assignInput(stageId, alpha, { consulted: [beta.id] }) });
    await expectRefused(db(), () => assignOwnership({ actor: cco, input: assignInput(stageId, alpha, { consulted: [beta.id], reason: "Again" }) }), "conflict", "That is already this stage's ownership; nothing changed.");
  });

  it("the accountable person must exist, be active and belong to the accountable department", async () => {
    const { stageId } = await oneStage();
    const gone = await makeUser(db(), { role: "member", departmentId: alpha.id, active: false, name: `Gone ${uniq()}` });
    const cases: [string, string[]][] = [
      [gone.id, [`${gone.name} is deactivated; choose an active person.`]],
      [beta.head.id, [`${beta.head.name} is not in ${alpha.name}.`]],
      [cco.id, [`${cco.name} is not in ${alpha.name}.`]],
      [crypto.randomUUID(), ["That person does not exist."]],
    ];
    for (const [personId, message] of cases) {
      const e = await expectRefused(db(), () => assignOwnership({ actor: cco, input: assignInput(stageId, alpha, { personId }) }), "invalid", HIGHLIGHTED);
      expect(e.fieldErrors).toEqual({ personId: message });
    }
  });

  it("refuses archived or unknown departments in any role", async () => {
    const { stageId } = await oneStage();
    const closed = await makeHeadedDepartment(db(), `Closed ${uniq()}`);
    await db().update(departments).set({ archived: true }).where(eq(departments.id, closed.id));
    const archivedMsg = { departmentId: [`${closed.name} is archived; choose a current department.`] };
    const e1 = await expectRefused(db(), () => assignOwnership({ actor: cco, input: assignInput(stageId, closed) }), "invalid", HIGHLIGHTED);
    expect(e1.fieldErrors).toEqual(archivedMsg);
    const e2 = await expectRefused(db(), () => assignOwnership({ actor: cco, input: assignInput(stageId, alpha, { informed: [closed.id] }) }), "invalid", HIGHLIGHTED);
    expect(e2.fieldErrors).toEqual(archivedMsg);
    const e3 = await expectRefused(db(), () => assignOwnership({ actor: cco, input: assignInput(stageId, alpha, { consulted: [crypto.randomUUID()] }) }), "invalid");
    expect(e3.fieldErrors).toEqual({ departmentId: ["That department does not exist."] });
  });

  it("only the CCO assigns; an unknown stage is not found", async () => {
    const { stageId } = await oneStage();
    for (const actor of [cast.actors.admin, cast.actors.executive, alpha.head, alpha.member]) {
      await expectRefused(db(), () => assignOwnership({ actor, input: assignInput(stageId, alpha) }), "forbidden");
    }
    await expectRefused(db(), () => assignOwnership({ actor: cco, input: assignInput(crypto.randomUUID(), alpha) }), "not_found", "That stage was not found.");
  });
});

describe("claimStage (rule 2)", () => {
  it("a head claims an unowned stage: one claimed row, one ownership.claimed event, shown on the board", async () => {
    const { journeyId, stageId } = await oneStage();
    const mark = await auditMark(db());
    expect(await claimStage({ actor: beta.head, stageId, reason: "We run it already" })).toEqual({ stageId, departmentName: beta.name });
    expect(await historyOf(stageId)).toMatchObject([
      { departmentId: beta.id, personId: beta.head.id, raci: "accountable", source: "claimed", byUserId: beta.head.id, reason: "We run it already", validTo: null },
    ]);
    const events = await auditSince(db(), mark);
    expect(events).toMatchObject([{ action: "ownership.claimed", actorId: beta.head.id, entityId: stageId, reason: "We run it already" }]);
    expect((events[0]!.after as { ownership: unknown[] }).ownership).toEqual([{ departmentId: beta.id, raci: "accountable", personId: beta.head.id }]);
    expect((await getJourneyBoard({ journeyId })).stages[0]).toMatchObject({ accountable: { departmentName: beta.name, source: "claimed" }, flags: [] });
  });

  it("without a reason, the row says it was claimed by the head", async () => {
    const { stageId } = await oneStage();
    await claimStage({ actor: gamma.head, stageId });
    expect((await currentAccountable(db(), stageId))[0]!.reason).toBe("Claimed by the department head");
  });

  it("a department that held R/C/I gives that role up to become accountable", async () => {
    const { stageId } = await oneStage();
    // An informed-only stage (no accountable owner yet), set up directly.
    await db().insert(ownershipAssignments).values({ stageId, departmentId: delta.id, raci: "informed", source: "assigned", byUserId: cco.id, validFrom: new Date(Date.now() - 60_000) });
    await claimStage({ actor: delta.head, stageId });
    expect((await historyOf(stageId)).map((r) => [r.departmentId, r.raci, r.validTo === null])).toEqual([[delta.id, "informed", false], [delta.id, "accountable", true]]);
  });

  it("an owned stage is refused with who owns it, writing nothing", async () => {
    const { stageId } = await oneStage();
    await claimStage({ actor: alpha.head, stageId });
    await expectRefused(db(), () => claimStage({ actor: beta.head, stageId }), "conflict", alreadyOwnedMessage(alpha.name));
    await expectRefused(db(), () => claimStage({ actor: alpha.head, stageId }), "conflict", "Your department already owns this stage.");
    expect(alreadyOwnedMessage(alpha.name)).toContain(`already owned by ${alpha.name}`);
  });

  it("members, the CCO, admins and executives cannot claim", async () => {
    const { stageId } = await oneStage();
    for (const actor of [alpha.member, cco, cast.actors.admin, cast.actors.executive]) {
      await expectRefused(db(), () => claimStage({ actor, stageId }), "forbidden", "Only a department head can claim a stage.");
    }
  });

  it("refuses an archived stage, an archived department and an unknown stage", async () => {
    const { stageId } = await oneStage();
    await archiveStage({ actor: cco, stageId });
    await expectRefused(db(), () => claimStage({ actor: alpha.head, stageId }), "conflict", "This stage is archived; it cannot change owner.");

    const { stageId: live } = await oneStage();
    const closing = await makeHeadedDepartment(db(), `Closing ${uniq()}`);
    await db().update(departments).set({ archived: true }).where(eq(departments.id, closing.id));
    await expectRefused(db(), () => claimStage({ actor: closing.head, stageId: live }), "conflict", "Your department is archived; it cannot claim stages.");
    await expectRefused(db(), () => claimStage({ actor: alpha.head, stageId: crypto.randomUUID() }), "not_found", "That stage was not found.");
  });
});
