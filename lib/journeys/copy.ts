import { and, asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { departments, journeys, stages, users, type Journey } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { conflict, forbidden, invalid, notFound, pgConstraint, pgErrorCode } from "@/lib/errors";
import { applyAssignment } from "@/lib/ownership/commands";
import { currentRaci, stageSnapshot } from "@/lib/ownership/state";
import { can } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";
import type { createFromTemplateSchema, duplicateJourneySchema } from "./schemas";
import { templateById } from "./templates";

export type NewStage = { name: string; customerGoal: string; emotionScore: number | null; phase?: string; touchpoints?: string[]; channels?: string[] };
export type NewJourney = { name: string; segment: string; description: string; status: "draft" | "active" };

/** "A journey with this name already exists." as the name field's error (the live-name index is the guarantee). */
export function journeyNameTaken(e: unknown, field = "name"): never {
  if (pgErrorCode(e) === "23505" && pgConstraint(e) === "journeys_name_live_uq") {
    throw conflict("Please correct the highlighted fields.", { [field]: ["A journey with this name already exists."] });
  }
  throw e;
}

/**
 * Writes a journey and its stages (positions 1…n in the given order) inside the caller's
 * transaction, with the same audit events as creating them one by one; `reason` says where they
 * came from (a template, a copy, an import).
 */
export async function insertJourneyWithStages(tx: Tx, actor: Actor, journey: NewJourney, newStages: NewStage[], reason: string): Promise<{ journeyId: string; stageIds: string[] }> {
  // clock_timestamp, not the transaction's now(): journeys made in one transaction (an import)
  // keep the file's order wherever journeys are listed by when they were created.
  const [j] = await tx.insert(journeys).values({ ...journey, createdById: actor.id, createdAt: sql`clock_timestamp()` }).returning();
  await recordAudit(tx, { actorId: actor.id, action: "journey.created", entityType: "journey", entityId: j!.id, after: snapshot(j!), reason });
  const stageIds: string[] = [];
  if (newStages.length) {
    const rows = await tx
      .insert(stages)
      .values(
        newStages.map((s, i) => ({
          journeyId: j!.id,
          position: i + 1,
          name: s.name,
          customerGoal: s.customerGoal,
          emotionScore: s.emotionScore,
          phase: s.phase ?? "",
          touchpoints: s.touchpoints ?? [],
          channels: s.channels ?? [],
        })),
      )
      .returning();
    rows.sort((a, b) => a.position - b.position);
    for (const s of rows) {
      stageIds.push(s.id);
      await recordAudit(tx, { actorId: actor.id, action: "stage.created", entityType: "stage", entityId: s.id, after: stageSnapshot(s, []), reason });
    }
  }
  return { journeyId: j!.id, stageIds };
}

const snapshot = (j: Journey) => ({ name: j.name, description: j.description, segment: j.segment, status: j.status });

function requireJourneyManager(actor: Actor) {
  if (!can(actor.role, "journeys.manage")) throw forbidden();
}

/** A new journey laid out from one of the templates (lib/journeys/templates.ts). */
export async function createJourneyFromTemplate({ actor, input }: { actor: Actor; input: z.output<typeof createFromTemplateSchema> }) {
  requireJourneyManager(actor);
  const template = templateById(input.templateId);
  if (!template) throw invalid("Please correct the highlighted fields.", { templateId: ["That template does not exist."] });
  const { templateId: _templateId, ...journey } = input;
  try {
    return await inTransaction((tx) =>
      insertJourneyWithStages(
        tx,
        actor,
        journey,
        template.stages.map((s) => ({ ...s, emotionScore: null })),
        `Laid out from the template "${template.name}".`,
      ),
    );
  } catch (e) {
    journeyNameTaken(e);
  }
}

/**
 * A copy of a journey's live stages in their order (name, customer goal, judged emotion), as a
 * draft under a new name; with `withOwners`, each stage's current accountable owner and R/C/I are
 * assigned to its copy too, through the same command as a CCO assignment. Goals, disputes and
 * history stay with the original.
 */
export async function duplicateJourney({ actor, input }: { actor: Actor; input: z.output<typeof duplicateJourneySchema> }) {
  requireJourneyManager(actor);
  if (input.withOwners && !can(actor.role, "ownership.assign")) throw forbidden();
  try {
    return await inTransaction(async (tx) => {
      const [source] = await tx.select().from(journeys).where(eq(journeys.id, input.journeyId)).for("share");
      if (!source) throw notFound("That journey");
      const live = await tx.select().from(stages).where(and(eq(stages.journeyId, source.id), eq(stages.archived, false))).orderBy(asc(stages.position));
      const reason = `Copied from the journey "${source.name}".`;
      const copy = await insertJourneyWithStages(
        tx,
        actor,
        { name: input.name, segment: source.segment, description: source.description, status: "draft" },
        live.map((s) => ({ name: s.name, customerGoal: s.customerGoal, emotionScore: s.emotionScore, phase: s.phase, touchpoints: s.touchpoints, channels: s.channels })),
        reason,
      );
      let owned = 0;
      if (input.withOwners) {
        // An orphaned stage (its person deactivated or department archived) is copied unowned,
        // and an archived department's R/C/I role is left out: only live owners are copied.
        const liveDepartments = new Set((await tx.select({ id: departments.id }).from(departments).where(eq(departments.archived, false))).map((d) => d.id));
        const activePeople = new Set((await tx.select({ id: users.id }).from(users).where(eq(users.active, true))).map((u) => u.id));
        for (const [i, s] of live.entries()) {
          const raci = (await currentRaci(tx, s.id)).filter((r) => liveDepartments.has(r.departmentId));
          const accountable = raci.find((r) => r.raci === "accountable");
          if (!accountable?.personId || !activePeople.has(accountable.personId)) continue;
          const of = (role: "responsible" | "consulted" | "informed") => raci.filter((r) => r.raci === role).map((r) => r.departmentId);
          await applyAssignment(
            tx,
            actor,
            { stageId: copy.stageIds[i]!, departmentId: accountable.departmentId, personId: accountable.personId, responsible: of("responsible"), consulted: of("consulted"), informed: of("informed"), reason },
            "assigned",
            null,
          );
          owned++;
        }
      }
      return { journeyId: copy.journeyId, stages: copy.stageIds.length, owned };
    });
  } catch (e) {
    journeyNameTaken(e);
  }
}
