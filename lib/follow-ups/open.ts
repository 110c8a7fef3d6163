import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { customerSignals, followUpEvents, followUps, ownershipAssignments } from "@/db/schema";

export type IntakeSignal = { id: string; stageId: string; scale: "csat" | "nps" | "ces" | null; score: string | null };

/**
 * Opens a follow-up for each signal, in the caller's transaction, that is negative by the
 * thresholds in settings (the same rule as the database's signal_is_negative, so the aggregates
 * and the follow-ups never disagree). Each belongs to its stage's current accountable department
 * (none while the stage is unowned: the CCOs' queue) and is due after the service level.
 * Returns the follow-ups opened. Signals that already have one are skipped.
 */
export async function openFollowUpsForNegativeSignals(tx: Executor, signals: IntakeSignal[], actorId: string | null): Promise<{ id: string; stageId: string; departmentId: string | null }[]> {
  const scored = signals.filter((s) => s.scale !== null && s.score !== null);
  if (!scored.length) return [];
  const ids = scored.map((s) => s.id);
  const negative = await tx
    .select({ id: customerSignals.id })
    .from(customerSignals)
    .where(and(inArray(customerSignals.id, ids), sql`signal_is_negative(${customerSignals.scale}, ${customerSignals.score})`));
  const negativeIds = new Set(negative.map((r) => r.id));
  return openFollowUps(
    tx,
    scored.filter((s) => negativeIds.has(s.id)),
    { reason: "threshold", actorId },
  );
}

/** Opens follow-ups for the given signals (threshold or flagged), with an "opened" event each. */
export async function openFollowUps(
  tx: Executor,
  signals: { id: string; stageId: string }[],
  { reason, actorId, note = "" }: { reason: "threshold" | "flagged"; actorId: string | null; note?: string },
): Promise<{ id: string; stageId: string; departmentId: string | null }[]> {
  if (!signals.length) return [];
  const stageIds = [...new Set(signals.map((s) => s.stageId))];
  const owners = await tx
    .select({ stageId: ownershipAssignments.stageId, departmentId: ownershipAssignments.departmentId })
    .from(ownershipAssignments)
    .where(and(inArray(ownershipAssignments.stageId, stageIds), eq(ownershipAssignments.raci, "accountable"), isNull(ownershipAssignments.validTo)));
  const ownerOf = new Map(owners.map((o) => [o.stageId, o.departmentId]));
  const opened = await tx
    .insert(followUps)
    .values(
      signals.map((s) => ({
        signalId: s.id,
        stageId: s.stageId,
        departmentId: ownerOf.get(s.stageId) ?? null,
        reason,
        openedById: actorId,
        dueAt: sql`now() + make_interval(days => (select follow_up_sla_days from settings where id = 1))`,
      })),
    )
    .onConflictDoNothing({ target: followUps.signalId })
    .returning({ id: followUps.id, stageId: followUps.stageId, departmentId: followUps.departmentId });
  if (opened.length) {
    await tx.insert(followUpEvents).values(
      opened.map((f) => ({ followUpId: f.id, kind: "opened" as const, toStatus: "open" as const, toDepartmentId: f.departmentId, note, actorId })),
    );
  }
  return opened;
}
