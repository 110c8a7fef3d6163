import { z } from "zod";
import type { IsoDate } from "@/lib/time";
import { formatDate } from "@/lib/time-format";
import { dateField, optionalTextField, textField, uuidField } from "@/lib/validation";
import { OVERDUE_CONFIRMATION_LABEL, SMART_NAMES, decimalProblem, failingLetters, isDecimal, isIsoDate, peopleProblem, smartCheck, type SmartLetter } from "./rules";

const str = (max: number, label: string) => optionalTextField(label, max);

/** A number as exact text; blank passes (the SMART check asks for it), too many digits says the limit. */
const decimalText = (label: string) =>
  z.preprocess((v) => (v == null ? "" : v), z.string().trim()).superRefine((v, ctx) => {
    const problem = decimalProblem(v, label);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

// Blank is allowed here: the SMART check (T) names a missing date.
const dateText = (label: string) => dateField(label, { optional: true });

// Where each failing SMART letter is reported, so the message sits next to the field to fix.
const LETTER_FIELD: Record<SmartLetter, (g: Record<string, string>) => string> = {
  S: (g) => ((g.title ?? "").trim().length < 5 ? "title" : "description"),
  M: (g) => (!g.metricName || !g.metricUnit ? "metricName" : !isDecimal(g.baseline) ? "baseline" : "target"),
  A: (g) => (!isDecimal(g.budget) || Number(g.budget) < 0 ? "budget" : "people"),
  R: () => "objectiveId",
  T: (g) => (!g.startDate ? "startDate" : "dueDate"),
};

/** The customer-signal measures a goal's metric may be bound to (goals.signal_metric). */
export const SIGNAL_METRICS = ["csat_average", "nps", "ces_average", "negative_share"] as const;
export type SignalMetric = (typeof SIGNAL_METRICS)[number];

export const goalFieldsSchema = z
  .object({
    title: str(120, "Title"),
    description: str(2000, "Description"),
    metricName: str(80, "Metric name"),
    metricUnit: str(40, "Unit"),
    baseline: decimalText("Baseline"),
    target: decimalText("Target"),
    direction: z.enum(["increase", "decrease"], { error: "Say whether the metric should increase or decrease." }),
    startDate: dateText("Start date"),
    dueDate: dateText("Due date"),
    ownerId: uuidField("goal owner"),
    objectiveId: z.preprocess((v) => (v == null ? "" : v), z.string().trim().refine((v) => v === "" || z.uuid().safeParse(v).success, "That objective does not exist.")),
    budget: decimalText("Budget"),
    people: z.preprocess((v) => (v == null ? "" : v), z.string().trim()).superRefine((v, ctx) => {
      const problem = peopleProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    resourcesNote: str(500, "Resources note"),
    // Measured from the stage's customer signals: check-ins are then computed on a schedule.
    signalMetric: z.preprocess(
      (v) => (v === undefined || v === null || v === "" ? null : v),
      z.enum(SIGNAL_METRICS, { error: "Choose one of the listed customer-signal measures, or none." }).nullable(),
    ).optional(),
  })
  .superRefine((g, ctx) => {
    if (!g || typeof g !== "object") return;
    // Rule 6: a goal that fails any SMART letter cannot be saved; the error names the letter.
    // Runs even when another field failed (then `g` is raw input, whose values may be numbers,
    // arrays or objects: those already have a type error and count as blank here, never a throw),
    // so every letter shows at once.
    const text = Object.fromEntries(Object.entries(g).map(([k, v]) => [k, typeof v === "string" ? v : ""])) as Record<string, string>;
    const result = smartCheck(text);
    // A field that already says what is wrong with it (e.g. "Budget is too large") does not
    // get the letter's more general sentence as well.
    const flagged = new Set(ctx.issues.map((i) => i.path?.[0]));
    for (const letter of failingLetters(result)) {
      const path = LETTER_FIELD[letter](text);
      if (flagged.has(path)) continue;
      ctx.addIssue({ code: "custom", path: [path], message: `${SMART_NAMES[letter]} (${letter}): ${result[letter].reason}` });
    }
  }, { when: () => true });

const flag = z.preprocess((v) => v === "true" || v === "on" || v === true, z.boolean()).default(false);

export const createGoalSchema = z.intersection(
  z.object({
    stageId: uuidField("stage"),
    activate: flag,
    /** "Yes, it is already overdue": activating a goal whose due date has passed. */
    confirmOverdue: z.preprocess((v) => v === "true" || v === "on" || v === true, z.boolean()).optional(),
  }),
  goalFieldsSchema,
);
export type CreateGoalInput = z.output<typeof createGoalSchema>;

export { OVERDUE_CONFIRMATION_LABEL };

/**
 * A goal created active whose due date has already passed (in the company's zone, `today`)
 * is overdue from its first day: the person confirms that this is what they mean, or saves it
 * as a draft or with a later due date. Null when there is nothing to confirm.
 */
export function overdueRefusal(g: { activate?: unknown; dueDate?: unknown; confirmOverdue?: unknown }, today: IsoDate): string | null {
  const activate = g.activate === true || g.activate === "true" || g.activate === "on";
  const confirmed = g.confirmOverdue === true || g.confirmOverdue === "true" || g.confirmOverdue === "on";
  if (!activate || confirmed || !isIsoDate(g.dueDate) || g.dueDate >= today) return null;
  return `Time-bound (T): the due date, ${formatDate(g.dueDate)}, has already passed (today is ${formatDate(today)}), so the goal would start overdue. Tick “${OVERDUE_CONFIRMATION_LABEL}” to activate it anyway, or choose a later due date, or save it as a draft.`;
}

/**
 * createGoalSchema with the overdue rule as of the company's `today`, so the form reports it
 * together with every other field error. The server applies the same rule in the command
 * (where the company's clock is read).
 */
export function createGoalSchemaAsOf(today: IsoDate) {
  return createGoalSchema.superRefine(
    (g, ctx) => {
      // Runs even when another field failed (then `g` is the raw input), so every error shows at once.
      if (!g || typeof g !== "object") return;
      const refusal = overdueRefusal(g, today);
      if (refusal) ctx.addIssue({ code: "custom", path: ["confirmOverdue"], message: refusal });
    },
    { when: () => true },
  );
}

export const updateGoalSchema = z.intersection(z.object({ goalId: uuidField("goal") }), goalFieldsSchema);
export type UpdateGoalInput = z.output<typeof updateGoalSchema>;

export const changeGoalStatusSchema = z
  .object({
    goalId: uuidField("goal"),
    status: z.enum(["active", "achieved", "missed", "cancelled"], { error: "Choose a status." }),
    reason: str(500, "Reason"),
  })
  .refine((v) => !(v.status === "missed" || v.status === "cancelled") || v.reason.length > 0, { path: ["reason"], message: "Say why, for the record." });

const checkInFields = {
  value: decimalText("Measured value").refine((v) => v !== "", "Enter the measured value."),
  confidence: z.enum(["high", "medium", "low"], { error: "Choose your confidence: high, medium or low." }),
  note: str(1000, "Note"),
  measuredOn: dateField("Date", { required: "Enter the date of the measurement." }),
};

export const recordCheckInSchema = z.object({ goalId: uuidField("goal"), ...checkInFields });
export const correctCheckInSchema = z.object({ checkInId: uuidField("check-in"), ...checkInFields });

export const objectiveFields = {
  title: textField("Title", 160),
  description: str(2000, "Description"),
  periodStart: dateField("Period start", { required: "Enter the start of the period." }),
  periodEnd: dateField("Period end", { required: "Enter the end of the period." }),
};
const periodOrder = (v: { periodStart: string; periodEnd: string }) => !isIsoDate(v.periodStart) || !isIsoDate(v.periodEnd) || v.periodEnd > v.periodStart;
export const createObjectiveSchema = z.object(objectiveFields).refine(periodOrder, { path: ["periodEnd"], message: "The period must end after it starts." });
export const updateObjectiveSchema = z
  .object({ objectiveId: uuidField("objective"), ...objectiveFields })
  .refine(periodOrder, { path: ["periodEnd"], message: "The period must end after it starts." });
export const archiveObjectiveSchema = z.object({ objectiveId: uuidField("objective") });
