import { and, eq, isNull } from "drizzle-orm";
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
 * FOR UPDATE, which serialises every ownership change of that stage (the claim path uses the
 * partial unique index instead and does not need it).
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
