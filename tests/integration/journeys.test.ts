import crypto from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { stages } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { addStage, archiveJourney, archiveStage, createJourney, moveStage, STALE_ORDER, updateJourney, updateStage } from "@/lib/journeys/commands";
import { getJourneyBoard, listJourneys } from "@/lib/journeys/queries";
import { assignOwnership, claimStage, proposeHandoff } from "@/lib/ownership/commands";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectRefused, handoffRow, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

// current-user (imported for its types by the commands) pulls in the Auth.js config, which
// imports "next/server" without an extension; no test here needs it.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();

let cco: Actor;
let cast: Awaited<ReturnType<typeof makeCast>>;
let alpha: HeadedDepartment;
let beta: HeadedDepartment;
beforeAll(async () => {
  cast = await makeCast(db());
  cco = cast.actors.cco;
  alpha = await makeHeadedDepartment(db(), `Alpha ${uniq()}`);
  beta = await makeHeadedDepartment(db(), `Beta ${uniq()}`);
});

const allStages = async (journeyId: string) =>
  db().select({ id: stages.id, position: stages.position, archived: stages.archived }).from(stages).where(eq(stages.journeyId, journeyId)).orderBy(asc(stages.position));
const boardOrder = async (journeyId: string) => (await getJourneyBoard({ journeyId })).stages.map((s) => [s.id, s.position]);
const journeyInput = (over: Partial<{ name: string; description: string; segment: string; status: "draft" | "active" }> = {}) => ({
  name: `Onboarding ${uniq()}`,
  description: "From first contact to first value",
  segment: "Small businesses",
  status: "draft" as const,
  ...over,
});

describe("journeys", () => {
  it("creating writes journey.created and lists the journey with its counts", async () => {
    const mark = await auditMark(db());
    const input = journeyInput();
    const { journeyId } = (await createJourney({ actor: cco, input }))!;
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "journey.created", actorId: cco.id, entityType: "journey", entityId: journeyId, before: null, after: { ...input } },
    ]);
    expect((await listJourneys()).find((j) => j.id === journeyId)).toEqual({
      id: journeyId, name: input.name, segment: input.segment, description: input.description, status: "draft",
      stageCount: 0, ownedCount: 0, needsOwnerCount: 0, pendingHandoffs: 0,
    });
  });

  it("a live journey name is taken whatever its case, on create and on rename, writing nothing", async () => {
    const name = `Renewal ${uniq()}`;
    await createJourney({ actor: cco, input: journeyInput({ name }) });
    const { journeyId: other } = (await createJourney({ actor: cco, input: journeyInput() }))!;
    const taken = { name: ["A journey with this name already exists."] };
    const e1 = await expectRefused(db(), () => createJourney({ actor: cco, input: journeyInput({ name: name.toUpperCase() }) }), "conflict");
    expect(e1.fieldErrors).toEqual(taken);
    const e2 = await expectRefused(db(), () => updateJourney({ actor: cco, input: { journeyId: other, ...journeyInput({ name: name.toLowerCase() }), status: "active" } }), "conflict");
    expect(e2.fieldErrors).toEqual(taken);
  });

  it("updating writes journey.updated with before and after", async () => {
    const input = journeyInput();
    const { journeyId } = (await createJourney({ actor: cco, input }))!;
    const mark = await auditMark(db());
    const next = journeyInput({ status: "active" });
    await updateJourney({ actor: cco, input: { journeyId, ...next, status: "active" } });
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "journey.updated", entityId: journeyId, before: { ...input }, after: { ...next } }]);
  });

  it("archiving writes journey.archived, hides the journey, frees its name and freezes it", async () => {
    const { journeyId, stageIds } = await makeJourney(cco, 2);
    const [journey] = (await listJourneys()).filter((j) => j.id === journeyId);
    const mark = await auditMark(db());
    await archiveJourney({ actor: cco, journeyId, reason: "Replaced" });
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "journey.archived", entityId: journeyId, before: { status: "active" }, after: { status: "archived" }, reason: "Replaced" },
    ]);
    expect((await listJourneys()).some((j) => j.id === journeyId)).toBe(false);
    expect((await listJourneys({ includeArchived: true })).find((j) => j.id === journeyId)).toMatchObject({ status: "archived", stageCount: 2 });
    await createJourney({ actor: cco, input: journeyInput({ name: journey!.name }) });

    const FROZEN = /archived/;
    await expectRefused(db(), () => archiveJourney({ actor: cco, journeyId }), "conflict", "This journey is already archived.");
    await expectRefused(db(), () => updateJourney({ actor: cco, input: { journeyId, ...journeyInput(), status: "active" } }), "conflict", FROZEN);
    await expectRefused(db(), () => addStage({ actor: cco, input: { journeyId, name: "Late", customerGoal: "", emotionScore: null } }), "conflict", FROZEN);
    await expectRefused(db(), () => updateStage({ actor: cco, input: { stageId: stageIds[0]!, name: "X", customerGoal: "", emotionScore: 1 } }), "conflict", FROZEN);
    await expectRefused(db(), () => moveStage({ actor: cco, stageId: stageIds[1]!, direction: "up", expectedPosition: 2 }), "conflict", FROZEN);
    await expectRefused(db(), () => archiveStage({ actor: cco, stageId: stageIds[0]! }), "conflict", FROZEN);
    await expectRefused(db(), () => claimStage({ actor: alpha.head, stageId: stageIds[0]! }), "conflict", "This journey is archived; its stages cannot change owner.");
    await expectRefused(db(), () => assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, alpha) }), "conflict", FROZEN);
  });

  it("only the CCO manages journeys; an unknown journey is not found", async () => {
    for (const actor of [cast.actors.admin, cast.actors.executive, cast.actors.head, cast.actors.member]) {
      await expectRefused(db(), () => createJourney({ actor, input: journeyInput() }), "forbidden");
    }
    await expectRefused(db(), () => updateJourney({ actor: cco, input: { journeyId: crypto.randomUUID(), ...journeyInput(), status: "draft" } }), "not_found", "That journey was not found.");
    await expectRefused(db(), () => addStage({ actor: cco, input: { journeyId: crypto.randomUUID(), name: "S", customerGoal: "", emotionScore: null } }), "not_found");
  });
});

describe("stages", () => {
  it("addStage appends at positions 1, 2, 3 and writes stage.created", async () => {
    const { journeyId } = (await createJourney({ actor: cco, input: journeyInput() }))!;
    const mark = await auditMark(db());
    const ids: string[] = [];
    for (const name of ["Discover", "Buy", "Use"]) {
      ids.push((await addStage({ actor: cco, input: { journeyId, name, customerGoal: `${name} well`, emotionScore: name === "Buy" ? -1 : null } })).stageId);
    }
    expect(await boardOrder(journeyId)).toEqual([[ids[0], 1], [ids[1], 2], [ids[2], 3]]);
    const events = await auditSince(db(), mark);
    expect(events.map((e) => [e.action, e.entityId])).toEqual(ids.map((id) => ["stage.created", id]));
    expect(events[1]!.after).toEqual({ journeyId, name: "Buy", customerGoal: "Buy well", emotionScore: -1, position: 2, archived: false, ownership: [] });
  });

  it("updateStage writes stage.updated with before, after and the current ownership", async () => {
    const { stageIds: [stageId] } = await makeJourney(cco, 1);
    await assignOwnership({ actor: cco, input: assignInput(stageId!, alpha) });
    const mark = await auditMark(db());
    await updateStage({ actor: cco, input: { stageId: stageId!, name: "Delivery", customerGoal: "Get it on time", emotionScore: 2 } });
    const [event] = await auditSince(db(), mark);
    expect(event).toMatchObject({ action: "stage.updated", entityId: stageId, before: { name: "Stage 1", emotionScore: null }, after: { name: "Delivery", customerGoal: "Get it on time", emotionScore: 2 } });
    expect((event!.after as { ownership: unknown[] }).ownership).toEqual([{ departmentId: alpha.id, raci: "accountable", personId: alpha.head.id }]);
  });

  it("moveStage swaps a stage with its neighbour and writes stage.reordered", async () => {
    const { journeyId, stageIds: [s1, s2, s3] } = await makeJourney(cco, 3);
    const mark = await auditMark(db());
    await moveStage({ actor: cco, stageId: s3!, direction: "up", expectedPosition: 3 });
    expect(await boardOrder(journeyId)).toEqual([[s1, 1], [s3, 2], [s2, 3]]);
    await moveStage({ actor: cco, stageId: s1!, direction: "down", expectedPosition: 1 });
    expect(await boardOrder(journeyId)).toEqual([[s3, 1], [s1, 2], [s2, 3]]);
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "stage.reordered", entityId: s3, before: { position: 3 }, after: { position: 2 }, reason: 'Moved up, swapping places with "Stage 2"' },
      { action: "stage.reordered", entityId: s1, before: { position: 1 }, after: { position: 2 }, reason: 'Moved down, swapping places with "Stage 3"' },
    ]);
  });

  it("moveStage refuses a stale expectedPosition with STALE_ORDER, and first-up / last-down, writing nothing", async () => {
    const { journeyId, stageIds: [s1, s2] } = await makeJourney(cco, 2);
    await moveStage({ actor: cco, stageId: s2!, direction: "up", expectedPosition: 2 });
    // Another tab still shows s2 at position 2.
    await expectRefused(db(), () => moveStage({ actor: cco, stageId: s2!, direction: "up", expectedPosition: 2 }), "stale", STALE_ORDER);
    await expectRefused(db(), () => moveStage({ actor: cco, stageId: s1!, direction: "down", expectedPosition: 1 }), "stale", STALE_ORDER);
    await expectRefused(db(), () => moveStage({ actor: cco, stageId: s2!, direction: "up", expectedPosition: 1 }), "conflict", "This stage is already first.");
    await expectRefused(db(), () => moveStage({ actor: cco, stageId: s1!, direction: "down", expectedPosition: 2 }), "conflict", "This stage is already last.");
    expect(await boardOrder(journeyId)).toEqual([[s2, 1], [s1, 2]]);
  });

  it("archiveStage closes the gap, keeps ownership history, expires a pending handoff, and writes its events", async () => {
    const { journeyId, stageIds: [s1, s2, s3, s4] } = await makeJourney(cco, 4);
    await assignOwnership({ actor: cco, input: assignInput(s2!, alpha) });
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: { stageId: s2!, toDepartmentId: beta.id, note: "Beta runs this now", goalDisposition: "move", force: false } });
    const mark = await auditMark(db());
    await archiveStage({ actor: cco, stageId: s2!, reason: "Merged into Stage 3" });

    expect(await boardOrder(journeyId)).toEqual([[s1, 1], [s3, 2], [s4, 3]]);
    expect(await handoffRow(db(), handoffId)).toMatchObject({ status: "expired", respondedById: cco.id, responseReason: "The stage was archived." });
    const events = await auditSince(db(), mark);
    expect(events.map((e) => [e.action, e.entityId])).toEqual([["handoff.expired", handoffId], ["stage.archived", s2]]);
    expect(events[1]).toMatchObject({ before: { archived: false, position: 2 }, after: { archived: true }, reason: "Merged into Stage 3" });
    expect((events[1]!.after as { ownership: unknown[] }).ownership).toEqual([{ departmentId: alpha.id, raci: "accountable", personId: alpha.head.id }]);

    const newStage = (await addStage({ actor: cco, input: { journeyId, name: "After", customerGoal: "", emotionScore: null } })).stageId;
    expect((await boardOrder(journeyId)).at(-1)).toEqual([newStage, 4]);
    const archivedRow = (await db().select().from(stages).where(eq(stages.id, s2!)))[0]!;
    expect(archivedRow).toMatchObject({ archived: true, position: 2 });
    await expectRefused(db(), () => archiveStage({ actor: cco, stageId: s2! }), "conflict", "This stage is archived.");
    await expectRefused(db(), () => updateStage({ actor: cco, input: { stageId: s2!, name: "Back", customerGoal: "", emotionScore: null } }), "conflict", "This stage is archived.");
    await expectRefused(db(), () => claimStage({ actor: beta.head, stageId: s2! }), "conflict", "This stage is archived; it cannot change owner.");
  });

  it("archiving the last stage leaves the others untouched", async () => {
    const { journeyId, stageIds: [s1, s2] } = await makeJourney(cco, 2);
    await archiveStage({ actor: cco, stageId: s2! });
    expect(await boardOrder(journeyId)).toEqual([[s1, 1]]);
    expect(await allStages(journeyId)).toEqual([{ id: s1, position: 1, archived: false }, { id: s2, position: 2, archived: true }]);
  });
});
