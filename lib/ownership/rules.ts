// Who may change a stage's ownership, and when. Pure functions: the commands load the state
// inside their transaction and ask these; the unit tests ask them directly.
import type { ErrorDetail } from "@/lib/errors";
import { can, canFor, canForAnyDepartment, mayHeadDepartment, type Role } from "@/lib/permissions";

export type RuleActor = { id: string; role: Role; departmentId: string | null };

export type StageState = {
  archived: boolean;
  journeyArchived: boolean;
  // `settledByDecision`: a dispute over this stage was decided while this owner held it.
  accountable: { departmentId: string; departmentName: string; settledByDecision?: boolean } | null;
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

/** A decided dispute settled who owns the stage: a refused claim does not invite another one. */
export const decidedOwnerMessage = (departmentName: string) =>
  `The CCO decided that ${departmentName} owns this stage; that dispute is closed. The decision is linked from the stage's ownership history.`;

/** Rule 2: a department head may claim only an unowned stage, and only for their own department. */
export function canClaim(actor: RuleActor, stage: StageState): Verdict {
  if (!can(actor.role, "stages.claim") || !actor.departmentId) return refuse("forbidden", "Only a department head can claim a stage.");
  const live = stageIsLive(stage);
  if (!live.ok) return live;
  if (stage.accountable) {
    const { departmentId, departmentName } = stage.accountable;
    return departmentId === actor.departmentId
      ? refuse("conflict", "Your department already owns this stage.")
      : stage.accountable.settledByDecision
        ? refuse("conflict", decidedOwnerMessage(departmentName))
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

// ── A decision's RACI effect ───────────────────────────────────────────────────────────

/** A stage's RACI as a whole: one accountable department and person, and the R/C/I departments. */
export type RaciSet = {
  accountable: { departmentId: string; personId: string } | null;
  responsible: string[];
  consulted: string[];
  informed: string[];
};

type RciRole = "responsible" | "consulted" | "informed";
const RCI: RciRole[] = ["responsible", "consulted", "informed"];

/** Each department's role; the accountable one is keyed with its person, so a new person is a change. */
function rolesOf(s: RaciSet): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of RCI) for (const d of s[r]) m.set(d, r);
  if (s.accountable) m.set(s.accountable.departmentId, `accountable:${s.accountable.personId}`);
  return m;
}

function fromRoles(m: Map<string, string>): RaciSet {
  const out: RaciSet = { accountable: null, responsible: [], consulted: [], informed: [] };
  for (const [d, role] of [...m].sort(([a], [b]) => a.localeCompare(b))) {
    if (role.startsWith("accountable:")) out.accountable = { departmentId: d, personId: role.slice("accountable:".length) };
    else out[role as RciRole].push(d);
  }
  return out;
}

export const sameRaciSet = (a: RaciSet, b: RaciSet) => {
  const x = rolesOf(a);
  const y = rolesOf(b);
  return x.size === y.size && [...x].every(([d, r]) => y.get(d) === r);
};

export type RaciMerge = { ok: true; result: RaciSet & { accountable: { departmentId: string; personId: string } } } | { ok: false; code: "stale"; message: string };

/**
 * The RACI a decision leaves on its stage. The decision form is pre-filled with the RACI the
 * CCO saw (`basis`) and submitted as the complete RACI they want (`desired`). What the CCO
 * changed, department by department, is applied to the stage's RACI as it is now (`current`);
 * what they did not change is kept as it is now — so a department someone made Informed
 * while the form was open stays Informed, and a decision that only says "Sales is Consulted"
 * keeps the owner and every other role. Without a basis, the desired RACI is taken whole.
 *
 * If the accountable owner itself changed since the form was filled, the CCO decided about a
 * stage that is no longer the one they saw: refused as stale rather than guessed.
 */
export function mergeRaciEffect({ current, basis, desired }: { current: RaciSet; basis: RaciSet | null; desired: RaciSet & { accountable: { departmentId: string; personId: string } } }): RaciMerge {
  const base = basis ?? current;
  const sameOwner = (a: RaciSet["accountable"], b: RaciSet["accountable"]) => (a?.departmentId ?? null) === (b?.departmentId ?? null) && (a?.personId ?? null) === (b?.personId ?? null);
  if (!sameOwner(base.accountable, current.accountable)) {
    return { ok: false, code: "stale", message: "The stage's accountable owner changed after this form was opened. Reload the page and review the decision's effect." };
  }
  const before = rolesOf(base);
  const wanted = rolesOf(desired);
  const result = rolesOf(current);
  for (const d of new Set([...before.keys(), ...wanted.keys()])) {
    if (before.get(d) === wanted.get(d)) continue;
    const role = wanted.get(d);
    if (role === undefined) result.delete(d);
    else result.set(d, role);
  }
  // The owner is the desired one (the current owner equals the basis, so nothing is lost).
  for (const [d, role] of result) if (role.startsWith("accountable:") && d !== desired.accountable.departmentId) result.delete(d);
  result.set(desired.accountable.departmentId, `accountable:${desired.accountable.personId}`);
  return { ok: true, result: fromRoles(result) as RaciSet & { accountable: { departmentId: string; personId: string } } };
}

/** The current rows of a stage (as `currentRaci` reads them) as one RACI set. */
export function raciSetFromEntries(entries: { departmentId: string; raci: "accountable" | RciRole; personId: string | null }[]): RaciSet {
  const out: RaciSet = { accountable: null, responsible: [], consulted: [], informed: [] };
  for (const e of entries) {
    if (e.raci === "accountable") out.accountable = e.personId ? { departmentId: e.departmentId, personId: e.personId } : null;
    else out[e.raci].push(e.departmentId);
  }
  for (const r of RCI) out[r].sort();
  return out;
}
