import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { departments, handoffs, journeys, ownershipAssignments, stages, type Stage } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { StageState } from "./rules";

export type RaciEntry = { departmentId: string; raci: "accountable" | "responsible" | "consulted" | "informed"; personId: string | null };

export async function currentRaci(tx: Executor, stageId: string): Promise<RaciEntry[]> {
  const rows = await tx
    .select({ departmentId: ownershipAssignments.departmentId, raci: ownershipAssignments.raci, personId: ownershipAssignments.personId })
    .from(ownershipAssignments)
    .where(and(eq(ownershipAssignments.stageId, stageId), isNull(ownershipAssignments.validTo)));
  const order = { accountable: 0, responsible: 1, consulted: 2, informed: 3 } as const;
  return rows.sort((a, b) => order[a.raci] - order[b.raci] || a.departmentId.localeCompare(b.departmentId));
}

export function stageSnapshot(s: Stage, ownership: RaciEntry[]) {
  return {
    journeyId: s.journeyId,
    name: s.name,
    customerGoal: s.customerGoal,
    emotionScore: s.emotionScore,
    position: s.position,
    archived: s.archived,
    ownership,
  };
}

/**
 * Loads a stage with what the ownership rules need. With `lock`, the stage row is locked
 * FOR UPDATE, which serialises every ownership change of that stage (claims too: the partial
 * unique index stays their database-level guarantee).
 */
export async function loadStageState(tx: Executor, stageId: string, lock: boolean): Promise<{ stage: Stage; journeyName: string; state: StageState }> {
  const base = tx
    .select({ stage: stages, journeyStatus: journeys.status, journeyName: journeys.name })
    .from(stages)
    .innerJoin(journeys, eq(journeys.id, stages.journeyId))
    .where(eq(stages.id, stageId));
  const [row] = lock ? await base.for("update", { of: stages }) : await base;
  if (!row) throw notFound("That stage");
  const [[accountable], [pending]] = await Promise.all([
    tx
      .select({ departmentId: ownershipAssignments.departmentId, departmentName: departments.name })
      .from(ownershipAssignments)
      .innerJoin(departments, eq(departments.id, ownershipAssignments.departmentId))
      .where(and(eq(ownershipAssignments.stageId, stageId), eq(ownershipAssignments.raci, "accountable"), isNull(ownershipAssignments.validTo))),
    tx
      .select({ id: handoffs.id, toDepartmentId: handoffs.toDepartmentId })
      .from(handoffs)
      .where(and(eq(handoffs.stageId, stageId), eq(handoffs.status, "pending"))),
  ]);
  return {
    stage: row.stage,
    journeyName: row.journeyName,
    state: {
      archived: row.stage.archived,
      journeyArchived: row.journeyStatus === "archived",
      accountable: accountable ?? null,
      pendingHandoff: pending ?? null,
    },
  };
}

/**
 * Whether a decided ownership or handoff dispute over the stage settled who owns it now: it
 * was decided while the current accountable owner held the stage (or made them its owner).
 */
export async function ownershipSettledByDecision(tx: Executor, stageId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: ownershipAssignments.id })
    .from(ownershipAssignments)
    .where(
      and(
        eq(ownershipAssignments.stageId, stageId),
        eq(ownershipAssignments.raci, "accountable"),
        isNull(ownershipAssignments.validTo),
        sql`exists (select 1 from decisions dc join disputes dp on dp.id = dc.dispute_id
          where dp.stage_id = ${stageId} and dp.kind in ('ownership', 'handoff') and dc.decided_at >= ${ownershipAssignments.validFrom})`,
      ),
    );
  return Boolean(row);
}

/** A change that began no earlier has already committed: like a serialization failure, retried by inTransaction. */
class LaterChangeCommitted extends Error {
  readonly code = "40001";
}

/**
 * Ownership rows are stamped with now(), the time this transaction began. Call with the stage
 * locked, just before writing: if this transaction waited for one that began later (or at the
 * same instant) and changed the stage, stamping now() would end that change before it started
 * (the interval check refuses it) or make two changes indistinguishable in history, so the
 * transaction starts again with a fresh now().
 */
export async function assertNoLaterChange(tx: Executor, stageId: string): Promise<void> {
  const [later] = await tx
    .select({ id: ownershipAssignments.id })
    .from(ownershipAssignments)
    .where(and(eq(ownershipAssignments.stageId, stageId), sql`(${ownershipAssignments.validFrom} >= now() or ${ownershipAssignments.validTo} >= now())`))
    .limit(1);
  if (later) throw new LaterChangeCommitted("The stage changed after this transaction began; retrying.");
}
