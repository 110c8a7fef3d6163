import { can, type Role } from "@/lib/permissions";
import { isIsoDate } from "@/lib/validation";

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

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
/** A finite decimal written plainly (no exponent, no Infinity/NaN), as stored in `numeric`. */
export const isDecimal = (v: string | null | undefined): v is string => typeof v === "string" && DECIMAL.test(v.trim());
// A real calendar date written YYYY-MM-DD in a sane year: the one date parser, lib/validation.
export { isIsoDate };

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

  const A =
    !isDecimal(g.budget) || Number(g.budget) < 0
      ? { pass: false, reason: "State the budget (0 is fine, but say so)." }
      : !/^\d{1,6}$/.test((g.people ?? "").trim())
        ? { pass: false, reason: "State how many people work on it (a whole number; 0 is fine)." }
        : { pass: true, reason: "Resources are stated." };

  const R = blank(g.objectiveId) ? { pass: false, reason: "Link the strategic objective this goal serves." } : { pass: true, reason: "Serves a strategic objective." };

  const T =
    !isIsoDate(g.startDate) || !isIsoDate(g.dueDate)
      ? { pass: false, reason: "Give a start date and a due date." }
      : g.dueDate <= g.startDate
        ? { pass: false, reason: "The due date must be after the start date." }
        : { pass: true, reason: `Runs from ${g.startDate} to ${g.dueDate}.` };

  return { S, M, A, R, T };
}

export const failingLetters = (r: SmartResult) => (Object.keys(r) as SmartLetter[]).filter((l) => !r[l].pass);

// ── Progress and health ────────────────────────────────────────────────────────────────

export type Health = "achieved" | "on_track" | "at_risk" | "off_track" | "overdue" | "no_data";

/**
 * The thresholds, in one place. Progress is compared with where a straight line from start
 * to due date says the goal should be today ("expected").
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

const DAY = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);

/** Share of the way from baseline to target (may be negative or above 1). */
export function progressOf(g: { baseline: string; target: string }, value: string): number {
  const b = Number(g.baseline);
  const t = Number(g.target);
  return (Number(value) - b) / (t - b);
}

/** Where a straight line from start (0) to due date (1) says the goal should be on `today`. */
export function expectedProgress(g: { startDate: string; dueDate: string }, today: string): number {
  const start = dayNumber(g.startDate);
  const due = dayNumber(g.dueDate);
  if (due <= start) throw new RangeError("A goal's due date must be after its start date.");
  const t = dayNumber(today);
  return Math.min(1, Math.max(0, (t - start) / (due - start)));
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
  if (dayNumber(today) > dayNumber(g.dueDate)) return { health: "overdue", progress, expected };
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
  return dayNumber(today) - dayNumber(from) > staleDays;
}

export const todayIso = (now = new Date()) => now.toISOString().slice(0, 10);

// ── Who may act on goals ───────────────────────────────────────────────────────────────
type GoalActor = { id: string; role: Role; departmentId: string | null };

/** The CCO, or the head of the department that owns the stage now, sets and edits its goals. */
export function mayManageGoals(actor: GoalActor, owningDepartmentId: string | null): boolean {
  if (!can(actor.role, "goals.manage") || !owningDepartmentId) return false;
  return actor.role === "cco" || actor.departmentId === owningDepartmentId;
}

/** The goal's owner, anyone in the goal's department, or the CCO records check-ins. */
export function mayRecordCheckIn(actor: GoalActor, goal: { ownerId: string; departmentId: string }): boolean {
  if (!can(actor.role, "checkins.record")) return false;
  return actor.role === "cco" || actor.id === goal.ownerId || (actor.departmentId !== null && actor.departmentId === goal.departmentId);
}
