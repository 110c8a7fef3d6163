import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { objectives, type Objective } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { conflict, forbidden, notFound, pgConstraint, pgErrorCode } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";

type ObjectiveInput = { title: string; description: string; periodStart: string; periodEnd: string };

const snapshot = (o: Objective) => ({ title: o.title, description: o.description, periodStart: o.periodStart, periodEnd: o.periodEnd, archived: o.archived });

function requireObjectiveManager(actor: Actor) {
  if (!can(actor.role, "objectives.manage")) throw forbidden();
}

function translateTitle(e: unknown): never {
  if (pgErrorCode(e) === "23505" && pgConstraint(e) === "objectives_title_live_uq") {
    throw conflict("Please correct the highlighted fields.", { title: ["An objective with this title already exists."] });
  }
  throw e;
}

async function lockObjective(tx: Tx, id: string) {
  const [o] = await tx.select().from(objectives).where(eq(objectives.id, id)).for("update");
  if (!o) throw notFound("That objective");
  return o;
}

export async function createObjective({ actor, input }: { actor: Actor; input: ObjectiveInput }) {
  requireObjectiveManager(actor);
  try {
    return await inTransaction(async (tx) => {
      const [o] = await tx.insert(objectives).values({ ...input, createdById: actor.id }).returning();
      await recordAudit(tx, { actorId: actor.id, action: "objective.created", entityType: "objective", entityId: o!.id, after: snapshot(o!) });
      return { objectiveId: o!.id };
    });
  } catch (e) {
    translateTitle(e);
  }
}

export async function updateObjective({ actor, objectiveId, input }: { actor: Actor; objectiveId: string; input: ObjectiveInput }) {
  requireObjectiveManager(actor);
  try {
    await inTransaction(async (tx) => {
      const before = await lockObjective(tx, objectiveId);
      if (before.archived) throw conflict("This objective is archived and can no longer be edited.");
      const [after] = await tx.update(objectives).set({ ...input, updatedAt: sql`now()` }).where(eq(objectives.id, objectiveId)).returning();
      await recordAudit(tx, { actorId: actor.id, action: "objective.updated", entityType: "objective", entityId: objectiveId, before: snapshot(before), after: snapshot(after!) });
    });
  } catch (e) {
    translateTitle(e);
  }
}

/** Archived objectives keep their goals but cannot be chosen for new ones. */
export async function archiveObjective({ actor, objectiveId }: { actor: Actor; objectiveId: string }) {
  requireObjectiveManager(actor);
  await inTransaction(async (tx) => {
    const before = await lockObjective(tx, objectiveId);
    if (before.archived) throw conflict("This objective is already archived.");
    const [after] = await tx.update(objectives).set({ archived: true, updatedAt: sql`now()` }).where(eq(objectives.id, objectiveId)).returning();
    await recordAudit(tx, { actorId: actor.id, action: "objective.archived", entityType: "objective", entityId: objectiveId, before: snapshot(before), after: snapshot(after!) });
  });
}
