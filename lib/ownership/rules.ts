// Who may change a stage's ownership, and when. Pure functions: the commands load the state
// inside their transaction and ask these; the unit tests ask them directly.
import type { ErrorDetail } from "@/lib/errors";
import { can, canFor, canForAnyDepartment, mayHeadDepartment, type Role } from "@/lib/permissions";

export type RuleActor = { id: string; role: Role; departmentId: string | null };

export type StageState = {
  archived: boolean;
  journeyArchived: boolean;
  accountable: { departmentId: string; departmentName: string } | null;
  pendingHandoff: { id: string; toDepartmentId: string } | null;
};

export type HandoffState = {
  status: "pending" | "accepted" | "declined" | "cancelled" | "expired";
  fromDepartmentId: string;
  toDepartmentId: string;
  proposedById: string;
};

export type Verdict = { ok: true } | { ok: false; code: "forbidden" | "conflict" | "invalid"; message: string; detail?: ErrorDetail };

const allow: Verdict = { ok: true };
const refuse = (code: "forbidden" | "conflict" | "invalid", message: string, detail?: ErrorDetail): Verdict =>
  detail ? { ok: false, code, message, detail } : { ok: false, code, message };

function stageIsLive(stage: StageState): Verdict {
  if (stage.journeyArchived) return refuse("conflict", "This journey is archived; its stages cannot change owner.");
  if (stage.archived) return refuse("conflict", "This stage is archived; it cannot change owner.");
  return allow;
}

export const alreadyOwnedMessage = (departmentName: string) =>
  `This stage is already owned by ${departmentName}. If you think it should be yours, raise an ownership dispute.`;

/** Rule 2: a department head may claim only an unowned stage, and only for their own department. */
export function canClaim(actor: RuleActor, stage: StageState): Verdict {
  if (!can(actor.role, "stages.claim") || !actor.departmentId) return refuse("forbidden", "Only a department head can claim a stage.");
  const live = stageIsLive(stage);
  if (!live.ok) return live;
  if (stage.accountable) {
    const { departmentId, departmentName } = stage.accountable;
    return departmentId === actor.departmentId
      ? refuse("conflict", "Your department already owns this stage.")
      : refuse("conflict", alreadyOwnedMessage(departmentName), { reason: "already_owned", departmentId, departmentName });
  }
  return allow;
}

/**
 * The owning department's head, or the CCO, may offer this stage to another department (which
 * one is checked by `canProposeHandoff`): the page asks this to show the form at all.
 */
export function canOfferStage(actor: RuleActor, stage: StageState): Verdict {
  const live = stageIsLive(stage);
  if (!live.ok) return live;
  if (!stage.accountable) return refuse("conflict", "This stage has no owner to hand it off; claim or assign it instead.");
  if (!canFor(actor, "handoffs.manage", stage.accountable.departmentId)) {
    return can(actor.role, "handoffs.manage")
      ? refuse("forbidden", "Only the head of the department that owns this stage can hand it off.")
      : refuse("forbidden", "Only the owning department's head or the CCO can hand off a stage.");
  }
  if (stage.pendingHandoff) return refuse("conflict", "A handoff of this stage is already pending; it must be answered or cancelled first.");
  return allow;
}

export function canProposeHandoff(actor: RuleActor, stage: StageState, toDepartmentId: string): Verdict {
  const offer = canOfferStage(actor, stage);
  if (!offer.ok) return offer;
  if (toDepartmentId === stage.accountable!.departmentId) return refuse("invalid", "Choose a different department from the current owner.");
  return allow;
}

/** The receiving department's head accepts or declines; the CCO may force either answer. */
export function canRespondToHandoff(actor: RuleActor, handoff: HandoffState): Verdict {
  if (handoff.status !== "pending") return refuse("conflict", `This handoff is already ${handoff.status}.`);
  if (canFor(actor, "handoffs.manage", handoff.toDepartmentId)) return allow;
  return refuse("forbidden", "Only the head of the receiving department can answer this handoff.");
}

/** The person who proposed a pending handoff, or the CCO, may cancel it. */
export function canCancelHandoff(actor: RuleActor, handoff: HandoffState): Verdict {
  if (handoff.status !== "pending") return refuse("conflict", `This handoff is already ${handoff.status}.`);
  if (canForAnyDepartment(actor.role, "handoffs.manage") || (actor.id === handoff.proposedById && can(actor.role, "handoffs.manage"))) return allow;
  return refuse("forbidden", "Only the person who proposed this handoff, or the CCO, can cancel it.");
}

/**
 * The receiving department's own head answered: they become the accountable person. Anyone
 * else who accepts (the CCO) answers in the receiver's place, which is recorded as forced.
 */
export function answersAsReceivingHead(actor: RuleActor, handoff: Pick<HandoffState, "toDepartmentId">): boolean {
  return mayHeadDepartment(actor.role) && actor.departmentId === handoff.toDepartmentId;
}

/** Who may see the people of every department to pick an accountable one: the CCO assigning or deciding. */
export function mayPickAccountablePerson(actor: Pick<RuleActor, "role">): boolean {
  return can(actor.role, "ownership.assign") || can(actor.role, "decisions.record");
}

/** A handoff is still meaningful only while its proposing department owns the stage. */
export function handoffStillValid(handoff: HandoffState, stage: StageState): boolean {
  return stage.accountable?.departmentId === handoff.fromDepartmentId;
}

export type OwnershipFlag = "unowned" | "handoff_pending" | "owner_inactive" | "department_archived" | "disputed";

/** Flags shown on the journey board; "needs an owner" covers unowned and orphaned stages. */
export function ownershipFlags(s: {
  hasAccountable: boolean;
  accountablePersonActive: boolean | null;
  accountableDepartmentArchived: boolean | null;
  pendingHandoff: boolean;
  disputed?: boolean;
}): OwnershipFlag[] {
  const flags: OwnershipFlag[] = [];
  if (!s.hasAccountable) flags.push("unowned");
  if (s.hasAccountable && s.accountablePersonActive === false) flags.push("owner_inactive");
  if (s.hasAccountable && s.accountableDepartmentArchived) flags.push("department_archived");
  if (s.pendingHandoff) flags.push("handoff_pending");
  if (s.disputed) flags.push("disputed");
  return flags;
}

export const needsOwner = (flags: OwnershipFlag[]) =>
  flags.includes("unowned") || flags.includes("owner_inactive") || flags.includes("department_archived");
