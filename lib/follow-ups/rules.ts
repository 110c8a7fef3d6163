import { canFor, type Capability, type PermissionActor } from "@/lib/permissions";

// The follow-up life cycle as pure rules, asked by the page (which forms to show) and the
// command (what to allow) alike. A follow-up moves one step at a time:
//   open → acknowledged → action_taken → closed, and closed → open again (reopened).
// Notes, a goal link and a dispute are not steps: they leave the status as it is.

export const FOLLOW_UP_STATUSES = ["open", "acknowledged", "action_taken", "closed"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = {
  open: "Open",
  acknowledged: "Acknowledged",
  action_taken: "Action taken",
  closed: "Closed",
};

export const FOLLOW_UP_STEPS = ["acknowledge", "take_action", "close", "reopen"] as const;
export type FollowUpStep = (typeof FOLLOW_UP_STEPS)[number];

/** The status each step starts from and the one it leads to. */
export const STEP_FROM: Record<FollowUpStep, FollowUpStatus> = { acknowledge: "open", take_action: "acknowledged", close: "action_taken", reopen: "closed" };
export const STEP_TO: Record<FollowUpStep, FollowUpStatus> = { acknowledge: "acknowledged", take_action: "action_taken", close: "closed", reopen: "open" };

/** Whether the step needs a note: what was done, how it ended and why it is open again must be written down. */
export const NOTE_REQUIRED: Record<FollowUpStep, boolean> = { acknowledge: false, take_action: true, close: true, reopen: true };

export const STEP_LABELS: Record<FollowUpStep, string> = { acknowledge: "Acknowledge", take_action: "Record action taken", close: "Close", reopen: "Reopen" };

/** The follow-up event kind (follow_up_events.kind) a step writes. */
export const STEP_EVENT: Record<FollowUpStep, "acknowledged" | "action_taken" | "closed" | "reopened"> = {
  acknowledge: "acknowledged",
  take_action: "action_taken",
  close: "closed",
  reopen: "reopened",
};

export type Verdict = { ok: true } | { ok: false; code: "forbidden" | "conflict" | "stale"; message: string };
const ok: Verdict = { ok: true };
const no = (code: "forbidden" | "conflict" | "stale", message: string): Verdict => ({ ok: false, code, message });

export type FollowUpState = { status: FollowUpStatus; departmentId: string | null; departmentName?: string | null };

const CAPABILITY: Capability = "follow_ups.act";

/**
 * May `actor` work on this follow-up at all: the members and head of its department, and the
 * CCO on every one (the follow-ups of a stage without an owner are the CCO's queue). Everyone
 * else, executives included, reads only.
 */
export function mayAct(actor: PermissionActor, f: FollowUpState): Verdict {
  if (canFor(actor, CAPABILITY, f.departmentId)) return ok;
  if (f.departmentId === null) return no("forbidden", "This stage has no owner, so its follow-ups are the CCO's queue until a department owns it.");
  if (!canFor({ ...actor, departmentId: f.departmentId }, CAPABILITY, f.departmentId)) return no("forbidden", "You can read follow-ups but not act on them; the owning department does.");
  return no("forbidden", `Only ${f.departmentName ?? "the owning department"}'s people or the CCO can act on this follow-up.`);
}

/** Why a step does not fit the follow-up's status, in words that say what to do instead. */
function statusProblem(step: FollowUpStep, status: FollowUpStatus): string | null {
  if (STEP_FROM[step] === status) return null;
  if (STEP_TO[step] === status) return `This follow-up is already ${FOLLOW_UP_STATUS_LABELS[status].toLowerCase()}.`;
  switch (step) {
    case "acknowledge":
      return status === "closed" ? "This follow-up is closed; reopen it first." : "This follow-up was acknowledged already and has moved on.";
    case "take_action":
      return status === "open" ? "Acknowledge this follow-up before recording the action taken." : "This follow-up is closed; reopen it to record another action.";
    case "close":
      return "Record the action taken before closing this follow-up.";
    case "reopen":
      return "Only a closed follow-up can be reopened.";
  }
}

/**
 * May `actor` take `step` now? `expected` is the status the person saw when they chose the
 * step: when the follow-up has moved on since (someone else acted first), the answer is
 * "stale" and names the status it is in now, rather than applying the step to a state they
 * never saw.
 */
export function canStep(actor: PermissionActor, f: FollowUpState, step: FollowUpStep, expected?: FollowUpStatus | null): Verdict {
  const who = mayAct(actor, f);
  if (!who.ok) return who;
  if (expected && expected !== f.status) {
    return no("stale", `Someone changed this follow-up since you opened it: it is now ${FOLLOW_UP_STATUS_LABELS[f.status].toLowerCase()}. Reload to see what happened.`);
  }
  const problem = statusProblem(step, f.status);
  return problem ? no("conflict", problem) : ok;
}

/** Linking a goal or raising a dispute is for a follow-up still being worked on. */
export function canWorkOn(actor: PermissionActor, f: FollowUpState): Verdict {
  const who = mayAct(actor, f);
  if (!who.ok) return who;
  return f.status === "closed" ? no("conflict", "This follow-up is closed; reopen it first.") : ok;
}

/** The steps a person may take from here (the forms the page shows). */
export function availableSteps(actor: PermissionActor, f: FollowUpState): FollowUpStep[] {
  return FOLLOW_UP_STEPS.filter((s) => canStep(actor, f, s).ok);
}

/** A follow-up is overdue while it is not closed and its due time has passed. */
export const isOverdue = (f: { status: FollowUpStatus; dueAt: Date }, now: Date = new Date()) => f.status !== "closed" && f.dueAt.getTime() < now.getTime();
