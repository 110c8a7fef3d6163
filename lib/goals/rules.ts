import { can, canFor, type Role } from "@/lib/permissions";
import { daysBetween, isIsoDate } from "@/lib/time";
import { formatDate } from "@/lib/time-format";

/** The box that confirms activating a goal whose due date has passed (the form's label and the server's refusal name it). */
export const OVERDUE_CONFIRMATION_LABEL = "Yes, it is already overdue";

// Calendar dates are checked where every date is: lib/time. Re-exported for the goal schemas.
export { isIsoDate };

// SMART check, progress and health of goals. Pure functions, the single source of these
// rules for the form (live feedback), the server (enforcement) and the UI (explanations).

export type SmartLetter = "S" | "M" | "A" | "R" | "T";
export const SMART_NAMES: Record<SmartLetter, string> = { S: "Specific", M: "Measurable", A: "Achievable", R: "Relevant", T: "Time-bound" };

export type SmartDraft = {
  title?: string | null;
  description?: string | null;
  metricName?: string | null;
  metricUnit?: string | null;
  baseline?: string | null;
  target?: string | null;
  direction?: string | null;
  budget?: string | null;
  people?: string | null;
  objectiveId?: string | null;
  startDate?: string | null;
  dueDate?: string | null;
};

export type SmartResult = Record<SmartLetter, { pass: boolean; reason: string }>;

export const SPECIFIC_TITLE_MIN = 5;
export const SPECIFIC_DESCRIPTION_MIN = 20;

/**
 * How large a goal's numbers may be. The columns are `numeric` (exact, unbounded), but the
 * rules compare them as JavaScript numbers, which are exact to 15 significant digits: so at
 * most 15 digits before the point and 6 after. `people` is an `integer` column (up to
 * 2,147,483,647); a team is never near that, so the form takes at most 999,999.
 */
export const DECIMAL_INTEGER_DIGITS = 15;
export const DECIMAL_FRACTION_DIGITS = 6;
export const PEOPLE_MAX = 999_999;

const DECIMAL = new RegExp(`^-?\\d{1,${DECIMAL_INTEGER_DIGITS}}(\\.\\d{1,${DECIMAL_FRACTION_DIGITS}})?$`);
const DECIMAL_SHAPE = /^-?(\d+)(?:\.(\d+))?$/;
/** A finite decimal written plainly (no exponent, no Infinity/NaN), as stored in `numeric`. */
export const isDecimal = (v: string | null | undefined): v is string => typeof v === "string" && DECIMAL.test(v.trim());

const thousands = (n: number) => n.toLocaleString("en-GB");

/**
 * What is wrong with a number typed into `label` (null when it is fine or blank): not a plain
 * number, or more digits than the app stores exactly, saying the limit.
 */
export function decimalProblem(value: string, label: string): string | null {
  const v = value.trim();
  if (v === "") return null;
  const shape = DECIMAL_SHAPE.exec(v);
  if (!shape) return `${label} must be a plain number like 42 or 3.5 (no units, no exponent).`;
  if (shape[1]!.length > DECIMAL_INTEGER_DIGITS) {
    return `${label} is too large: at most ${DECIMAL_INTEGER_DIGITS} digits before the decimal point (up to ${thousands(10 ** DECIMAL_INTEGER_DIGITS - 1)}).`;
  }
  if ((shape[2] ?? "").length > DECIMAL_FRACTION_DIGITS) return `${label} can have at most ${DECIMAL_FRACTION_DIGITS} decimal places.`;
  return null;
}

/** What is wrong with a head count (null when it is fine or blank). */
export function peopleProblem(value: string): string | null {
  const v = value.trim();
  if (v === "") return null;
  if (/^-\d+$/.test(v)) return "People cannot be negative.";
  if (!/^\d+$/.test(v)) return "People must be a whole number (0 or more).";
  if (Number(v) > PEOPLE_MAX) return `People is too large: at most ${thousands(PEOPLE_MAX)}.`;
  return null;
}

const blank = (v: string | null | undefined) => !v || !v.trim();

export function smartCheck(g: SmartDraft): SmartResult {
  const title = (g.title ?? "").trim();
  const description = (g.description ?? "").trim();
  const S =
    title.length < SPECIFIC_TITLE_MIN
      ? { pass: false, reason: `Give the goal a title of at least ${SPECIFIC_TITLE_MIN} characters.` }
      : description.length < SPECIFIC_DESCRIPTION_MIN
        ? { pass: false, reason: `Describe what will change for the customer in at least ${SPECIFIC_DESCRIPTION_MIN} characters.` }
        : { pass: true, reason: "Has a clear title and description." };

  let M: { pass: boolean; reason: string };
  if (blank(g.metricName) || blank(g.metricUnit)) M = { pass: false, reason: "Name the metric and its unit (e.g. “Net Promoter Score”, “points”)." };
  else if (!isDecimal(g.baseline) || !isDecimal(g.target)) M = { pass: false, reason: "Baseline and target must both be plain numbers." };
  else if (Number(g.baseline) === Number(g.target)) M = { pass: false, reason: "The target must differ from the baseline." };
  else if (g.direction !== "increase" && g.direction !== "decrease") M = { pass: false, reason: "Say whether the metric should increase or decrease." };
  else if (g.direction === "increase" && Number(g.target) < Number(g.baseline)) M = { pass: false, reason: "To increase, the target must be above the baseline." };
  else if (g.direction === "decrease" && Number(g.target) > Number(g.baseline)) M = { pass: false, reason: "To decrease, the target must be below the baseline." };
  else M = { pass: true, reason: `Measured by ${g.metricName!.trim()} (${g.metricUnit!.trim()}), from ${g.baseline} to ${g.target}.` };

  const people = (g.people ?? "").trim();
  const A = !isDecimal(g.budget)
    ? { pass: false, reason: "State the budget (0 is fine, but say so)." }
    : Number(g.budget) < 0
      ? { pass: false, reason: "The budget cannot be negative." }
      : /^-\d+$/.test(people)
        ? { pass: false, reason: "The number of people cannot be negative." }
        : !/^\d+$/.test(people) || Number(people) > PEOPLE_MAX
          ? { pass: false, reason: "State how many people work on it (a whole number; 0 is fine)." }
          : { pass: true, reason: "Resources are stated." };

  const R = blank(g.objectiveId) ? { pass: false, reason: "Link the strategic objective this goal serves." } : { pass: true, reason: "Serves a strategic objective." };

  const T =
    !isIsoDate(g.startDate) || !isIsoDate(g.dueDate)
      ? { pass: false, reason: "Give a start date and a due date." }
      : g.dueDate <= g.startDate
        ? { pass: false, reason: "The due date must be after the start date." }
        : { pass: true, reason: `Runs from ${formatDate(g.startDate)} to ${formatDate(g.dueDate)}.` };

  return { S, M, A, R, T };
}

export const failingLetters = (r: SmartResult) => (Object.keys(r) as SmartLetter[]).filter((l) => !r[l].pass);

// ── Progress and health ────────────────────────────────────────────────────────────────

export type Health = "achieved" | "on_track" | "at_risk" | "off_track" | "overdue" | "no_data";

/**
 * The thresholds, in one place. Progress is compared with where a straight line from start
 * to due date says the goal should be today ("expected"). "Today" is always the company's
 * today (lib/time todayIn), passed in by the caller, so these rules stay pure.
 */
export const HEALTH_THRESHOLDS = {
  /** Up to this far behind expected (in share of the whole way) is still on track. */
  onTrackTolerance: 0.1,
  /** Up to this far behind is at risk; further behind is off track. */
  atRiskTolerance: 0.25,
} as const;

export const HEALTH_LABELS: Record<Health, string> = {
  achieved: "Achieved",
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  overdue: "Overdue",
  no_data: "No data",
};

export const HEALTH_EXPLANATION =
  `Progress is how far the latest check-in has moved from the baseline toward the target (0% at the baseline, 100% at the target, for goals that increase or decrease). ` +
  `Expected progress grows in a straight line from 0% on the start date to 100% on the due date. ` +
  `On track: no more than ${HEALTH_THRESHOLDS.onTrackTolerance * 100} points behind expected. ` +
  `At risk: up to ${HEALTH_THRESHOLDS.atRiskTolerance * 100} points behind. Off track: further behind. ` +
  `Overdue: past the due date without reaching the target. Achieved: the target is reached. No data: no check-in yet.`;

/** Share of the way from baseline to target (may be negative or above 1). */
export function progressOf(g: { baseline: string; target: string }, value: string): number {
  const b = Number(g.baseline);
  const t = Number(g.target);
  return (Number(value) - b) / (t - b);
}

/** Where a straight line from start (0) to due date (1) says the goal should be on `today`. */
export function expectedProgress(g: { startDate: string; dueDate: string }, today: string): number {
  const length = daysBetween(g.startDate, g.dueDate);
  if (length <= 0) throw new RangeError("A goal's due date must be after its start date.");
  return Math.min(1, Math.max(0, daysBetween(g.startDate, today) / length));
}

export type HealthInput = {
  baseline: string;
  target: string;
  startDate: string;
  dueDate: string;
  status: "draft" | "active" | "achieved" | "missed" | "cancelled";
  latestValue: string | null;
};

export type HealthResult = { health: Health | null; progress: number | null; expected: number };

/** Health is computed from data, never typed in. Draft, missed and cancelled goals have none. */
export function goalHealth(g: HealthInput, today: string): HealthResult {
  const expected = expectedProgress(g, today);
  const progress = g.latestValue === null ? null : progressOf(g, g.latestValue);
  if (g.status === "achieved") return { health: "achieved", progress, expected };
  if (g.status !== "active") return { health: null, progress, expected };
  if (progress !== null && progress >= 1) return { health: "achieved", progress, expected };
  if (daysBetween(g.dueDate, today) > 0) return { health: "overdue", progress, expected };
  if (progress === null) return { health: "no_data", progress, expected };
  const behind = expected - progress;
  if (behind <= HEALTH_THRESHOLDS.onTrackTolerance) return { health: "on_track", progress, expected };
  if (behind <= HEALTH_THRESHOLDS.atRiskTolerance) return { health: "at_risk", progress, expected };
  return { health: "off_track", progress, expected };
}

/** No check-in within the stale period (counted from the last check-in, or the start). */
export function isStale(g: { status: string; startDate: string; lastCheckInOn: string | null }, today: string, staleDays: number): boolean {
  if (g.status !== "active") return false;
  const from = g.lastCheckInOn ?? g.startDate;
  return daysBetween(from, today) > staleDays;
}

// ── Who may act on goals ───────────────────────────────────────────────────────────────
type GoalActor = { id: string; role: Role; departmentId: string | null };

/** The CCO, or the head of the department that owns the stage now, sets and edits its goals. */
export function mayManageGoals(actor: GoalActor, owningDepartmentId: string | null): boolean {
  return owningDepartmentId !== null && canFor(actor, "goals.manage", owningDepartmentId);
}

/** The goal's owner, anyone in the goal's department, or the CCO records check-ins. */
export function mayRecordCheckIn(actor: GoalActor, goal: { ownerId: string; departmentId: string }): boolean {
  if (!can(actor.role, "checkins.record")) return false;
  return actor.id === goal.ownerId || canFor(actor, "checkins.record", goal.departmentId);
}

/** Why a goal takes no check-in now, or null when it does: only an active goal is measured. */
export function checkInRefusal(status: string): string | null {
  if (status === "active") return null;
  return status === "draft" ? "Activate this goal before recording check-ins." : `This goal is ${status}; it takes no more check-ins.`;
}

/** A goal that ends missed or cancelled says why, for the record. */
export const statusNeedsReason = (status: string) => status === "missed" || status === "cancelled";
// ── A goal as it stood on a past day ───────────────────────────────────────────────────

export type GoalFacts = { status: HealthInput["status"]; baseline: string; target: string; startDate: string; dueDate: string };
export type GoalThen = { kind: "absent" } | { kind: "unknown" } | { kind: "known"; goal: GoalFacts };

const FACT_KEYS = ["status", "baseline", "target", "startDate", "dueDate"] as const;
const GOAL_STATUSES = ["draft", "active", "achieved", "missed", "cancelled"];

/**
 * The goal as it stood just before the instant `at`. A goal created at or after `at` did not
 * exist yet. A goal untouched since `at` (every change of a goal moves updated_at) stood as it
 * stands now. Otherwise its audit events up to `at` are replayed from "goal.created"; without
 * that event (a goal loaded straight into the database, say) its past cannot be known, and the
 * caller must say so rather than guess.
 */
export function goalStateAt(
  goal: GoalFacts & { createdAt: Date; updatedAt: Date },
  events: { action: string; after: unknown; createdAt: Date }[],
  at: Date,
): GoalThen {
  if (goal.createdAt.getTime() >= at.getTime()) return { kind: "absent" };
  if (goal.updatedAt.getTime() < at.getTime()) {
    const { status, baseline, target, startDate, dueDate } = goal;
    return { kind: "known", goal: { status, baseline, target, startDate, dueDate } };
  }
  const before = events.filter((e) => e.createdAt.getTime() < at.getTime()).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const created = before.findIndex((e) => e.action === "goal.created");
  if (created < 0) return { kind: "unknown" };
  const state: Partial<Record<(typeof FACT_KEYS)[number], string>> = {};
  for (const e of before.slice(created)) {
    const after = (e.after ?? {}) as Record<string, unknown>;
    for (const k of FACT_KEYS) if (typeof after[k] === "string") state[k] = after[k] as string;
  }
  if (!FACT_KEYS.every((k) => state[k] !== undefined) || !GOAL_STATUSES.includes(state.status!)) return { kind: "unknown" };
  return { kind: "known", goal: state as GoalFacts };
}
