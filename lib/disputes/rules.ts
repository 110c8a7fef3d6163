// The dispute life cycle: open → under review (the CCO takes it) → decided; the raiser may
// withdraw an open one. Pure functions: commands ask them inside their transaction.
import { can, mayHeadDepartment, type Role } from "@/lib/permissions";

export type DisputeStatus = "open" | "under_review" | "decided" | "withdrawn";
export type DisputeKind = "ownership" | "handoff" | "standards" | "resources" | "other";
export type DisputeTransition = "take_under_review" | "decide" | "withdraw";

export const DISPUTE_KIND_LABELS: Record<DisputeKind, string> = {
  ownership: "Ownership: who owns a stage",
  handoff: "Handoff: a refused or contested handoff",
  standards: "Standards: how good the service must be",
  resources: "Resources: budget or people",
  other: "Other",
};

export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  open: "Open",
  under_review: "Under review",
  decided: "Decided",
  withdrawn: "Withdrawn",
};

export const KINDS_NEEDING_STAGE: DisputeKind[] = ["ownership", "handoff"];

type Actor = { id: string; role: Role; departmentId: string | null };
type DisputeState = { status: DisputeStatus; raisedById: string; partyDepartmentIds: string[] };

export type Verdict = { ok: true } | { ok: false; code: "forbidden" | "conflict"; message: string };
const allow: Verdict = { ok: true };
const refuse = (code: "forbidden" | "conflict", message: string): Verdict => ({ ok: false, code, message });

const FROM: Record<DisputeTransition, DisputeStatus[]> = {
  take_under_review: ["open"],
  decide: ["under_review"],
  withdraw: ["open"],
};

const closedMessage = (s: DisputeStatus) =>
  s === "decided" ? "This dispute is already decided; record a new dispute to revisit it." : s === "withdrawn" ? "This dispute was withdrawn." : null;

/** May `actor` move the dispute along `transition` from its current state? */
export function canTransition(actor: Actor, d: DisputeState, transition: DisputeTransition): Verdict {
  if (transition === "withdraw") {
    if (actor.id !== d.raisedById || !can(actor.role, "disputes.raise")) return refuse("forbidden", "Only the person who raised this dispute can withdraw it.");
  } else if (!can(actor.role, "decisions.record")) {
    return refuse("forbidden", transition === "decide" ? "Only the CCO can record a decision." : "Only the CCO can take a dispute under review.");
  }
  if (!FROM[transition].includes(d.status)) {
    const closed = closedMessage(d.status);
    if (closed) return refuse("conflict", closed);
    if (transition === "decide") return refuse("conflict", "Take the dispute under review before deciding it.");
    if (transition === "withdraw") return refuse("conflict", "A dispute under review can no longer be withdrawn.");
    return refuse("conflict", "This dispute is already under review.");
  }
  return allow;
}

export const nextStatus: Record<DisputeTransition, DisputeStatus> = { take_under_review: "under_review", decide: "decided", withdraw: "withdrawn" };

/** A party department's head adds and edits its statement until the dispute closes. */
export function canWriteStatement(actor: Actor, d: DisputeState, departmentId: string): Verdict {
  if (d.status === "decided" || d.status === "withdrawn") return refuse("conflict", closedMessage(d.status)!);
  if (!d.partyDepartmentIds.includes(departmentId)) return refuse("forbidden", "That department is not a party to this dispute.");
  if (!can(actor.role, "disputes.raise") || !mayHeadDepartment(actor.role) || actor.departmentId !== departmentId) return refuse("forbidden", "Only the head of a party department can write its statement.");
  return allow;
}

export function canComment(actor: Actor, d: DisputeState): Verdict {
  if (d.status === "decided" || d.status === "withdrawn") return refuse("conflict", "This dispute is closed; the discussion is over.");
  if (!can(actor.role, "disputes.raise")) return refuse("forbidden", "Only the CCO, executives and department heads can join the discussion.");
  return allow;
}

/** Overdue: still open or under review after its due date. */
export const isOverdue = (d: { status: DisputeStatus; dueBy: Date }, now: Date) => (d.status === "open" || d.status === "under_review") && d.dueBy.getTime() < now.getTime();
