import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { checkIns, goals, objectives, users, type Goal } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { conflict, forbidden, invalid, notFound, pgConstraint, pgErrorCode, type FieldErrors } from "@/lib/errors";
import { departmentHeadIds, notifyUsers } from "@/lib/notifications";
import { loadStageState } from "@/lib/ownership/state";
import { can } from "@/lib/permissions";
import { getTimeZone } from "@/lib/settings";
import { todayIn } from "@/lib/time";
import { inTransaction } from "@/lib/tx";
import { emitWebhookEvent } from "@/lib/webhooks/outbox";
import { checkInRefusal, goalHealth, mayManageGoals, mayRecordCheckIn, statusNeedsReason } from "./rules";
import { overdueRefusal, type CreateGoalInput, type UpdateGoalInput } from "./schemas";

export const goalSnapshot = (g: Goal) => ({
  stageId: g.stageId,
  departmentId: g.departmentId,
  title: g.title,
  description: g.description,
  metricName: g.metricName,
  metricUnit: g.metricUnit,
  baseline: g.baseline,
  target: g.target,
  direction: g.direction,
  startDate: g.startDate,
  dueDate: g.dueDate,
  ownerId: g.ownerId,
  objectiveId: g.objectiveId,
  budget: g.budget,
  people: g.people,
  resourcesNote: g.resourcesNote,
  signalMetric: g.signalMetric,
  status: g.status,
  statusReason: g.statusReason,
});

const goalLink = (id: string) => `/goals/${id}`;
const fieldError = (field: string, message: string) => invalid("Please correct the highlighted fields.", { [field]: [message] });

/** Goals may be set by the CCO, or by the head of the department that owns the stage now. */
async function owningDepartmentFor(tx: Tx, actor: Actor, stageId: string): Promise<{ departmentId: string; departmentName: string }> {
  if (!can(actor.role, "goals.manage")) throw forbidden();
  const { state } = await loadStageState(tx, stageId, true);
  if (state.archived || state.journeyArchived) throw conflict("This stage or its journey is archived; its goals can no longer change.");
  if (!state.accountable) throw conflict("This stage has no owner yet; goals belong to the owning department, so assign or claim it first.");
  if (!mayManageGoals(actor, state.accountable.departmentId)) {
    throw forbidden(`Only ${state.accountable.departmentName} (the stage's owner) or the CCO can set goals on this stage.`);
  }
  return state.accountable;
}

/** What is wrong with the chosen owner and objective, every field at once (empty when nothing). */
async function ownerAndObjectiveErrors(tx: Tx, input: { ownerId: string; objectiveId: string }, departmentId: string, departmentName: string): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const [owner] = await tx.select().from(users).where(eq(users.id, input.ownerId));
  if (!owner) errors.ownerId = ["That person does not exist."];
  else if (!owner.active) errors.ownerId = [`${owner.name} is deactivated; choose an active person.`];
  else if (owner.departmentId !== departmentId) errors.ownerId = [`${owner.name} is not in ${departmentName}, the department that owns this stage.`];
  const [objective] = await tx.select().from(objectives).where(eq(objectives.id, input.objectiveId));
  if (!objective) errors.objectiveId = ["Relevant (R): that objective does not exist."];
  else if (objective.archived) errors.objectiveId = [`Relevant (R): “${objective.title}” is archived; choose a current objective.`];
  return errors;
}

function refuseFields(errors: FieldErrors) {
  if (Object.keys(errors).length) throw invalid("Please correct the highlighted fields.", errors);
}

async function checkOwnerAndObjective(tx: Tx, input: { ownerId: string; objectiveId: string }, departmentId: string, departmentName: string) {
  refuseFields(await ownerAndObjectiveErrors(tx, input, departmentId, departmentName));
}

function fields(input: UpdateGoalInput | CreateGoalInput) {
  return {
    title: input.title,
    description: input.description,
    metricName: input.metricName,
    metricUnit: input.metricUnit,
    baseline: input.baseline,
    target: input.target,
    direction: input.direction,
    startDate: input.startDate,
    dueDate: input.dueDate,
    ownerId: input.ownerId,
    objectiveId: input.objectiveId,
    budget: input.budget,
    people: Number(input.people),
    resourcesNote: input.resourcesNote,
    signalMetric: input.signalMetric ?? null,
  };
}

function translateGoalCheck(e: unknown): never {
  // The schema enforces these first; the database is the backstop (rule 6).
  const c = pgErrorCode(e) === "23514" ? pgConstraint(e) : undefined;
  if (c === "goals_target_differs_ck" || c === "goals_direction_ck") throw fieldError("target", "Measurable (M): the target must differ from the baseline in the goal's direction.");
  if (c === "goals_due_after_start_ck") throw fieldError("dueDate", "Time-bound (T): the due date must be after the start date.");
  throw e;
}

export async function createGoal({ actor, input }: { actor: Actor; input: CreateGoalInput }): Promise<{ goalId: string }> {
  // The company's today, read before the transaction (see checkMeasuredOn).
  const today = todayIn(await getTimeZone());
  try {
    return await inTransaction(async (tx) => {
      const dep = await owningDepartmentFor(tx, actor, input.stageId);
      const errors = await ownerAndObjectiveErrors(tx, input, dep.departmentId, dep.departmentName);
      const overdue = overdueRefusal(input, today);
      if (overdue) errors.confirmOverdue = [overdue];
      refuseFields(errors);
      const [goal] = await tx
        .insert(goals)
        .values({ ...fields(input), stageId: input.stageId, departmentId: dep.departmentId, status: input.activate ? "active" : "draft", createdById: actor.id })
        .returning();
      await recordAudit(tx, { actorId: actor.id, action: "goal.created", entityType: "goal", entityId: goal!.id, after: goalSnapshot(goal!) });
      return { goalId: goal!.id };
    });
  } catch (e) {
    translateGoalCheck(e);
  }
}

async function lockGoal(tx: Tx, goalId: string): Promise<Goal> {
  const [g] = await tx.select().from(goals).where(eq(goals.id, goalId)).for("update");
  if (!g) throw notFound("That goal");
  return g;
}

const isOpen = (g: Goal) => g.status === "draft" || g.status === "active";

export async function updateGoal({ actor, input }: { actor: Actor; input: UpdateGoalInput }): Promise<void> {
  try {
    await inTransaction(async (tx) => {
      const before = await lockGoal(tx, input.goalId);
      const dep = await owningDepartmentFor(tx, actor, before.stageId);
      if (!isOpen(before)) throw conflict(`This goal is ${before.status}; closed goals cannot be edited.`);
      await checkOwnerAndObjective(tx, input, dep.departmentId, dep.departmentName);
      const [after] = await tx.update(goals).set({ ...fields(input), departmentId: dep.departmentId, updatedAt: sql`now()` }).where(eq(goals.id, before.id)).returning();
      await recordAudit(tx, { actorId: actor.id, action: "goal.updated", entityType: "goal", entityId: before.id, before: goalSnapshot(before), after: goalSnapshot(after!) });
    });
  } catch (e) {
    translateGoalCheck(e);
  }
}

const TRANSITIONS: Record<Goal["status"], Goal["status"][]> = {
  draft: ["active", "cancelled"],
  active: ["achieved", "missed", "cancelled"],
  achieved: [],
  missed: [],
  cancelled: [],
};

const REASON_REQUIRED = "Say why, for the record.";

/** Rethrows the database's refusal `constraint` (a check violation) as `refusal`, anything else as it is. */
const refusedBy = (constraint: string, refusal: () => Error) => (e: unknown): never => {
  throw pgErrorCode(e) === "23514" && pgConstraint(e) === constraint ? refusal() : e;
};

export async function changeGoalStatus({ actor, goalId, status, reason }: { actor: Actor; goalId: string; status: Goal["status"]; reason: string }) {
  reason = reason.trim();
  if (statusNeedsReason(status) && !reason) throw fieldError("reason", REASON_REQUIRED);
  await inTransaction(async (tx) => {
    const before = await lockGoal(tx, goalId);
    await owningDepartmentFor(tx, actor, before.stageId);
    if (!TRANSITIONS[before.status].includes(status)) {
      throw conflict(`A ${before.status} goal cannot become ${status}.`);
    }
    // The database refuses a missed or cancelled goal without a reason too (goals_closed_reason_ck).
    await tx
      .update(goals)
      .set({ status, statusReason: reason || null, updatedAt: sql`now()` })
      .where(eq(goals.id, goalId))
      .catch(refusedBy("goals_closed_reason_ck", () => fieldError("reason", REASON_REQUIRED)));
    await recordAudit(tx, { actorId: actor.id, action: "goal.status_changed", entityType: "goal", entityId: goalId, before: { status: before.status }, after: { status, statusReason: reason || null }, reason: reason || null });
  });
}


/** The goal's latest check-in value, as the database keeps it on the goal row after every write to check_ins (migration 0015). */
async function latestValue(tx: Tx, goalId: string): Promise<string | null> {
  const [row] = await tx.select({ value: goals.latestValue }).from(goals).where(eq(goals.id, goalId));
  return row?.value ?? null;
}

type CheckInInput = { value: string; confidence: "high" | "medium" | "low"; note: string; measuredOn: string };

/**
 * "Today" on the company's calendar, read before the transaction (on PGlite's one connection
 * a read outside an open transaction waits for it). A measurement dated after it is refused:
 * a morning check-in east of UTC is dated today there, which UTC still calls tomorrow.
 */
async function checkMeasuredOn(measuredOn: string): Promise<string> {
  const today = todayIn(await getTimeZone());
  if (measuredOn > today) throw fieldError("measuredOn", "The measurement date cannot be in the future.");
  return today;
}

/** Tells the owner and the department head the moment a goal goes off track. */
export async function notifyIfNewlyOffTrack(tx: Tx, g: Goal, previous: string | null, actorId: string | null, today: string) {
  const before = goalHealth({ ...g, latestValue: previous }, today).health;
  const after = goalHealth({ ...g, latestValue: await latestValue(tx, g.id) }, today).health;
  if (after === "off_track" && before !== "off_track") {
    const heads = await departmentHeadIds(tx, [g.departmentId]);
    await notifyUsers(tx, [g.ownerId, ...heads], { kind: "goal_off_track", title: `“${g.title}” is off track`, body: "The latest check-in is well behind plan.", link: goalLink(g.id) }, actorId ?? undefined);
    await emitWebhookEvent(tx, "goal.off_track", { goalId: g.id, title: g.title, departmentId: g.departmentId, ownerId: g.ownerId, actorId, summary: `“${g.title}” is off track: the latest check-in is well behind plan.`, link: goalLink(g.id) });
  }
}

export async function recordCheckIn({ actor, goalId, input }: { actor: Actor; goalId: string; input: CheckInInput }): Promise<{ checkInId: string }> {
  const today = await checkMeasuredOn(input.measuredOn);
  return inTransaction(async (tx) => {
    const goal = await lockGoal(tx, goalId);
    if (!mayRecordCheckIn(actor, goal)) throw forbidden("Only the goal's owner, its department or the CCO can record check-ins.");
    const refusal = checkInRefusal(goal.status);
    if (refusal) throw conflict(refusal);
    if (goal.signalMetric) throw conflict("This goal is measured from its stage's customer signals: its check-ins are computed automatically each day, not typed in.");
    // The goal row is locked, so its latest check-in is the one before this.
    const previous = goal.latestValue;
    // The database's trigger (check_ins_goal_active) is the backstop of the check above.
    const [ci] = await tx
      .insert(checkIns)
      .values({ goalId, ...input, authorId: actor.id })
      .returning()
      .catch(refusedBy("check_ins_goal_active_ck", () => conflict("This goal is not active; it takes no check-ins.")));
    // A check-in ends a stale spell: the follow-up starts over.
    await tx.update(goals).set({ staleNotifiedAt: null, staleEscalatedAt: null }).where(eq(goals.id, goalId));
    await recordAudit(tx, { actorId: actor.id, action: "check_in.recorded", entityType: "check_in", entityId: ci!.id, after: { goalId, value: ci!.value, confidence: ci!.confidence, note: ci!.note, measuredOn: ci!.measuredOn } });
    await notifyIfNewlyOffTrack(tx, goal, previous, actor.id, today);
    return { checkInId: ci!.id };
  });
}

/** Only a check-in's author may correct it; the correction is audited with before and after. */
export async function correctCheckIn({ actor, checkInId, input }: { actor: Actor; checkInId: string; input: CheckInInput }): Promise<void> {
  await checkMeasuredOn(input.measuredOn);
  await inTransaction(async (tx) => {
    const [before] = await tx.select().from(checkIns).where(eq(checkIns.id, checkInId)).for("update");
    if (!before) throw notFound("That check-in");
    if (before.authorId !== actor.id || !can(actor.role, "checkins.record")) throw forbidden("Only the person who recorded a check-in can correct it.");
    const goal = await lockGoal(tx, before.goalId);
    if (goal.status === "cancelled") throw conflict("This goal is cancelled; its check-ins can no longer change.");
    const [after] = await tx.update(checkIns).set({ ...input, correctedAt: sql`now()` }).where(eq(checkIns.id, checkInId)).returning();
    const snap = (c: typeof before) => ({ goalId: c.goalId, value: c.value, confidence: c.confidence, note: c.note, measuredOn: c.measuredOn });
    await recordAudit(tx, { actorId: actor.id, action: "check_in.corrected", entityType: "check_in", entityId: checkInId, before: snap(before), after: snap(after!) });
  });
}

/**
 * Applies a handoff's goal disposition in the handoff's transaction (rule 3): open goals of
 * the stage either move to the new department, with the new accountable person as owner,
 * or are retired (cancelled with the reason recorded).
 */
export async function applyGoalDisposition(
  tx: Tx,
  opts: { stageId: string; disposition: "move" | "retire"; toDepartmentId: string; newOwnerId: string; actorId: string; handoffNote: string; retiredBecause?: string },
) {
  const open = await tx.select().from(goals).where(and(eq(goals.stageId, opts.stageId), inArray(goals.status, ["draft", "active"]))).for("update");
  for (const g of open) {
    const change =
      opts.disposition === "move"
        ? { departmentId: opts.toDepartmentId, ownerId: opts.newOwnerId }
        : { status: "cancelled" as const, statusReason: opts.retiredBecause ?? "Retired when the stage was handed off." };
    const [after] = await tx.update(goals).set({ ...change, updatedAt: sql`now()` }).where(eq(goals.id, g.id)).returning();
    await recordAudit(tx, {
      actorId: opts.actorId,
      action: opts.disposition === "move" ? "goal.moved" : "goal.retired",
      entityType: "goal",
      entityId: g.id,
      before: goalSnapshot(g),
      after: goalSnapshot(after!),
      reason: opts.handoffNote,
    });
  }
  return open.length;
}

/**
 * An open goal passes to a successor owner when its owner is deactivated or its department
 * archived, in the caller's transaction, audited like any edit of the goal. The invariant of
 * `checkOwnerAndObjective` holds: the new owner is active and in the department that owns the
 * goal's stage now, which becomes the goal's department. Returns false when the goal no longer
 * needs it (it closed, or it already moved with its stage earlier in the same change).
 */
export async function reassignGoalOwner(
  tx: Tx,
  actor: Actor,
  opts: { goalId: string; stillHeldBy: { ownerId: string } | { departmentId: string }; newOwnerId: string; leavingDepartmentId?: string; reason: string },
): Promise<boolean> {
  const before = await lockGoal(tx, opts.goalId);
  if (!isOpen(before)) return false;
  const held = "ownerId" in opts.stillHeldBy ? before.ownerId === opts.stillHeldBy.ownerId : before.departmentId === opts.stillHeldBy.departmentId;
  if (!held) return false;
  const { state } = await loadStageState(tx, before.stageId, true);
  if (state.archived || state.journeyArchived) return false;
  if (!state.accountable || state.accountable.departmentId === opts.leavingDepartmentId) {
    throw fieldError("newOwnerId", "This goal's stage is left without an owning department; hand the stage on first, or leave the goal flagged.");
  }
  const [owner] = await tx.select().from(users).where(eq(users.id, opts.newOwnerId)).for("share");
  if (!owner) throw fieldError("newOwnerId", "That person does not exist.");
  if (!owner.active) throw fieldError("newOwnerId", `${owner.name} is deactivated; choose an active person.`);
  if (owner.departmentId !== state.accountable.departmentId) {
    throw fieldError("newOwnerId", `${owner.name} is not in ${state.accountable.departmentName}, the department that owns this goal's stage.`);
  }
  const [after] = await tx
    .update(goals)
    .set({ ownerId: owner.id, departmentId: state.accountable.departmentId, updatedAt: sql`now()` })
    .where(eq(goals.id, before.id))
    .returning();
  await recordAudit(tx, { actorId: actor.id, action: "goal.updated", entityType: "goal", entityId: before.id, before: goalSnapshot(before), after: goalSnapshot(after!), reason: opts.reason });
  await notifyUsers(tx, [owner.id], { kind: "stage_reassigned", title: `You now own the goal “${before.title}”`, body: opts.reason, link: goalLink(before.id) }, actor.id);
  return true;
}
