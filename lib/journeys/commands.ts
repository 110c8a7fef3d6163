import { and, asc, eq, gt, gte, lt, lte, desc, max, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { journeys, stages, type Journey, type Stage } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { conflict, forbidden, invalid, notFound, pgConstraint, pgErrorCode, stale } from "@/lib/errors";
import { applyGoalDisposition } from "@/lib/goals/commands";
import { expirePendingHandoff } from "@/lib/ownership/commands";
import { currentRaci, stageSnapshot } from "@/lib/ownership/state";
import { can } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";
import type { z } from "zod";
import type { addStageSchema, createJourneySchema, stageMapSchema, updateJourneySchema, updateStageSchema } from "./schemas";

function requireJourneyManager(actor: Actor) {
  if (!can(actor.role, "journeys.manage")) throw forbidden();
}

const journeySnapshot = (j: Journey) => ({ name: j.name, description: j.description, segment: j.segment, status: j.status });

function translateJourneyName(e: unknown): never {
  if (pgErrorCode(e) === "23505" && pgConstraint(e) === "journeys_name_live_uq") {
    throw conflict("Please correct the highlighted fields.", { name: ["A journey with this name already exists."] });
  }
  throw e;
}

const DUPLICATE_STAGE = "Another stage of this journey already has this name.";
const duplicateStageName = () => conflict("Please correct the highlighted fields.", { name: [DUPLICATE_STAGE] });

/**
 * Two live stages of one journey never share a name, whatever the case. Checked with the
 * journey locked (every stage change of a journey takes that lock), so this read cannot race;
 * the partial unique index stages_name_live_uq is the guarantee underneath.
 */
async function assertStageNameFree(tx: Tx, journeyId: string, name: string, exceptStageId?: string) {
  const [taken] = await tx
    .select({ id: stages.id })
    .from(stages)
    .where(and(eq(stages.journeyId, journeyId), eq(stages.archived, false), sql`lower(${stages.name}) = lower(${name})`, exceptStageId ? sql`${stages.id} <> ${exceptStageId}` : undefined))
    .limit(1);
  if (taken) throw duplicateStageName();
}

function translateStageName(e: unknown): never {
  if (pgErrorCode(e) === "23505" && pgConstraint(e) === "stages_name_live_uq") throw duplicateStageName();
  throw e;
}

async function lockJourney(tx: Tx, journeyId: string): Promise<Journey> {
  const [j] = await tx.select().from(journeys).where(eq(journeys.id, journeyId)).for("update");
  if (!j) throw notFound("That journey");
  return j;
}

async function lockLiveStage(tx: Tx, stageId: string): Promise<{ stage: Stage; journey: Journey }> {
  const [row] = await tx.select({ stage: stages }).from(stages).where(eq(stages.id, stageId));
  if (!row) throw notFound("That stage");
  // Lock the journey first: every change to a journey's stage order goes through this lock.
  const journey = await lockJourney(tx, row.stage.journeyId);
  const [stage] = await tx.select().from(stages).where(eq(stages.id, stageId)).for("update");
  if (journey.status === "archived") throw conflict("This journey is archived; its stages can no longer change.");
  if (stage!.archived) throw conflict("This stage is archived.");
  return { stage: stage!, journey };
}

export async function createJourney({ actor, input }: { actor: Actor; input: z.output<typeof createJourneySchema> }) {
  requireJourneyManager(actor);
  try {
    return await inTransaction(async (tx) => {
      const [j] = await tx.insert(journeys).values({ ...input, createdById: actor.id }).returning();
      await recordAudit(tx, { actorId: actor.id, action: "journey.created", entityType: "journey", entityId: j!.id, after: journeySnapshot(j!) });
      return { journeyId: j!.id };
    });
  } catch (e) {
    translateJourneyName(e);
  }
}

export async function updateJourney({ actor, input }: { actor: Actor; input: z.output<typeof updateJourneySchema> }) {
  requireJourneyManager(actor);
  const { journeyId, ...fields } = input;
  try {
    await inTransaction(async (tx) => {
      const before = await lockJourney(tx, journeyId);
      if (before.status === "archived") throw conflict("This journey is archived and can no longer be edited.");
      const [after] = await tx.update(journeys).set({ ...fields, updatedAt: sql`now()` }).where(eq(journeys.id, journeyId)).returning();
      await recordAudit(tx, { actorId: actor.id, action: "journey.updated", entityType: "journey", entityId: journeyId, before: journeySnapshot(before), after: journeySnapshot(after!) });
    });
  } catch (e) {
    translateJourneyName(e);
  }
}

export async function archiveJourney({ actor, journeyId, reason }: { actor: Actor; journeyId: string; reason?: string }) {
  requireJourneyManager(actor);
  await inTransaction(async (tx) => {
    const before = await lockJourney(tx, journeyId);
    if (before.status === "archived") throw conflict("This journey is already archived.");
    const [after] = await tx.update(journeys).set({ status: "archived", updatedAt: sql`now()` }).where(eq(journeys.id, journeyId)).returning();
    await recordAudit(tx, { actorId: actor.id, action: "journey.archived", entityType: "journey", entityId: journeyId, before: journeySnapshot(before), after: journeySnapshot(after!), reason: reason || null });
  });
}

export async function addStage({ actor, input }: { actor: Actor; input: z.output<typeof addStageSchema> }) {
  requireJourneyManager(actor);
  const { journeyId, ...fields } = input;
  return inTransaction(async (tx) => {
    const journey = await lockJourney(tx, journeyId);
    if (journey.status === "archived") throw conflict("This journey is archived; it cannot get new stages.");
    await assertStageNameFree(tx, journeyId, fields.name);
    const [{ last } = { last: 0 }] = await tx
      .select({ last: max(stages.position) })
      .from(stages)
      .where(and(eq(stages.journeyId, journeyId), eq(stages.archived, false)));
    const [stage] = await tx.insert(stages).values({ journeyId, ...fields, position: (last ?? 0) + 1 }).returning();
    await recordAudit(tx, { actorId: actor.id, action: "stage.created", entityType: "stage", entityId: stage!.id, after: stageSnapshot(stage!, []) });
    return { stageId: stage!.id };
  }).catch(translateStageName);
}

export async function updateStage({ actor, input }: { actor: Actor; input: z.output<typeof updateStageSchema> }) {
  requireJourneyManager(actor);
  const { stageId, ...fields } = input;
  await inTransaction(async (tx) => {
    const { stage: before } = await lockLiveStage(tx, stageId);
    await assertStageNameFree(tx, before.journeyId, fields.name, stageId);
    const [after] = await tx.update(stages).set({ ...fields, updatedAt: sql`now()` }).where(eq(stages.id, stageId)).returning();
    const raci = await currentRaci(tx, stageId);
    await recordAudit(tx, { actorId: actor.id, action: "stage.updated", entityType: "stage", entityId: stageId, before: stageSnapshot(before, raci), after: stageSnapshot(after!, raci) });
  }).catch(translateStageName);
}

const PARKING_POSITION = 2_000_000_000;

export const STALE_ORDER = "The stage order changed since you loaded this page. Refresh to see the current order, then try again.";

/** Swaps a stage with its neighbour. `expectedPosition` guards against acting on a stale view. */
export async function moveStage({ actor, stageId, direction, expectedPosition }: { actor: Actor; stageId: string; direction: "up" | "down"; expectedPosition: number }) {
  requireJourneyManager(actor);
  await inTransaction(async (tx) => {
    const { stage } = await lockLiveStage(tx, stageId);
    if (stage.position !== expectedPosition) throw stale(STALE_ORDER);
    const [neighbour] = await tx
      .select()
      .from(stages)
      .where(and(eq(stages.journeyId, stage.journeyId), eq(stages.archived, false), direction === "up" ? lt(stages.position, stage.position) : gt(stages.position, stage.position)))
      .orderBy(direction === "up" ? desc(stages.position) : asc(stages.position))
      .limit(1);
    if (!neighbour) throw conflict(direction === "up" ? "This stage is already first." : "This stage is already last.");
    // Three steps because the live-position index is unique and cannot be deferred: park the
    // stage on a position no live stage uses, move the neighbour, then land the stage.
    await tx.update(stages).set({ position: PARKING_POSITION }).where(eq(stages.id, stage.id));
    await tx.update(stages).set({ position: stage.position, updatedAt: sql`now()` }).where(eq(stages.id, neighbour.id));
    await tx.update(stages).set({ position: neighbour.position, updatedAt: sql`now()` }).where(eq(stages.id, stage.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "stage.reordered",
      entityType: "stage",
      entityId: stage.id,
      before: { position: stage.position },
      after: { position: neighbour.position },
      reason: `Moved ${direction}, swapping places with "${neighbour.name}"`,
    });
  });
}

/**
 * Moves a stage to `toPosition` (1…n), shifting the stages between; the drag and drop and
 * keyboard reorder of the canvas. Refused as stale when the stage is no longer where the caller
 * saw it. One audit event for the stage moved (the others only shift by one).
 */
export async function placeStage({ actor, stageId, expectedPosition, toPosition }: { actor: Actor; stageId: string; expectedPosition: number; toPosition: number }) {
  requireJourneyManager(actor);
  await inTransaction(async (tx) => {
    const { stage } = await lockLiveStage(tx, stageId);
    if (stage.position !== expectedPosition) throw stale(STALE_ORDER);
    const [{ count }] = (await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(stages)
      .where(and(eq(stages.journeyId, stage.journeyId), eq(stages.archived, false)))) as [{ count: number }];
    if (toPosition > count) throw invalid("Please correct the highlighted fields.", { toPosition: [`Choose a place from 1 to ${count}.`] });
    if (toPosition === stage.position) return;
    const down = toPosition > stage.position;
    // The stages in between shift by one towards the gap, one at a time in an order that never
    // puts two live stages on one position (the unique index cannot be deferred).
    const between = await tx
      .select({ id: stages.id, position: stages.position })
      .from(stages)
      .where(
        and(
          eq(stages.journeyId, stage.journeyId),
          eq(stages.archived, false),
          down ? and(gt(stages.position, stage.position), lte(stages.position, toPosition)) : and(gte(stages.position, toPosition), lt(stages.position, stage.position)),
        ),
      )
      .orderBy(down ? asc(stages.position) : desc(stages.position));
    await tx.update(stages).set({ position: PARKING_POSITION }).where(eq(stages.id, stage.id));
    for (const s of between) await tx.update(stages).set({ position: down ? s.position - 1 : s.position + 1, updatedAt: sql`now()` }).where(eq(stages.id, s.id));
    await tx.update(stages).set({ position: toPosition, updatedAt: sql`now()` }).where(eq(stages.id, stage.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "stage.reordered",
      entityType: "stage",
      entityId: stage.id,
      before: { position: stage.position },
      after: { position: toPosition },
      reason: `Moved from place ${stage.position} to place ${toPosition} of ${count}`,
    });
  });
}

/** Sets a stage's phase, touchpoints and channels (the canvas's lanes); audited as a stage change. */
export async function updateStageMap({ actor, input }: { actor: Actor; input: z.output<typeof stageMapSchema> }) {
  requireJourneyManager(actor);
  const { stageId, ...fields } = input;
  await inTransaction(async (tx) => {
    const { stage: before } = await lockLiveStage(tx, stageId);
    const [after] = await tx.update(stages).set({ ...fields, updatedAt: sql`now()` }).where(eq(stages.id, stageId)).returning();
    const raci = await currentRaci(tx, stageId);
    const snapshot = (s: Stage) => ({ ...stageSnapshot(s, raci), phase: s.phase, touchpoints: s.touchpoints, channels: s.channels });
    await recordAudit(tx, { actorId: actor.id, action: "stage.updated", entityType: "stage", entityId: stageId, before: snapshot(before), after: snapshot(after!) });
  });
}

/** Archives a stage and closes the gap it leaves, so live positions stay 1…n. Its ownership history stays. */
export async function archiveStage({ actor, stageId, reason }: { actor: Actor; stageId: string; reason?: string }) {
  requireJourneyManager(actor);
  await inTransaction(async (tx) => {
    const { stage: before } = await lockLiveStage(tx, stageId);
    const [after] = await tx.update(stages).set({ archived: true, updatedAt: sql`now()` }).where(eq(stages.id, stageId)).returning();
    const later = await tx
      .select({ id: stages.id, position: stages.position })
      .from(stages)
      .where(and(eq(stages.journeyId, before.journeyId), eq(stages.archived, false), gt(stages.position, before.position)))
      .orderBy(asc(stages.position));
    for (const s of later) await tx.update(stages).set({ position: s.position - 1 }).where(eq(stages.id, s.id));
    // An offer for a stage that no longer exists on the journey lapses.
    await expirePendingHandoff(tx, stageId, actor.id, "The stage was archived.");
    // Goals of a stage that leaves the journey can never be closed otherwise: retire them.
    await applyGoalDisposition(tx, { stageId, disposition: "retire", toDepartmentId: "", newOwnerId: "", actorId: actor.id, handoffNote: reason || "Stage archived", retiredBecause: "Retired because the stage was archived." });
    const raci = await currentRaci(tx, stageId);
    await recordAudit(tx, { actorId: actor.id, action: "stage.archived", entityType: "stage", entityId: stageId, before: stageSnapshot(before, raci), after: stageSnapshot(after!, raci), reason: reason || null });
  });
}
