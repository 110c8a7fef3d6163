import { z } from "zod";
import { dateField, isIsoDate, optionalTextField, textField, uuidField } from "@/lib/validation";
import { SMART_NAMES, failingLetters, isDecimal, smartCheck, type SmartLetter } from "./rules";

const str = (max: number, label: string) => optionalTextField(label, max);

const decimalText = (label: string) =>
  str(24, label).refine((v) => v === "" || isDecimal(v), `${label} must be a plain number like 42 or 3.5 (no units, no exponent).`);

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
    people: str(6, "People").refine((v) => v === "" || /^\d{1,6}$/.test(v), "People must be a whole number (0 or more)."),
    resourcesNote: str(500, "Resources note"),
  })
  .superRefine((g, ctx) => {
    if (!g || typeof g !== "object") return;
    // Rule 6: a goal that fails any SMART letter cannot be saved; the error names the letter.
    // Runs even when another field failed (then `g` is raw input, whose values may be numbers,
    // arrays or objects: those already have a type error and count as blank here, never a throw),
    // so every letter shows at once.
    const text = Object.fromEntries(Object.entries(g).map(([k, v]) => [k, typeof v === "string" ? v : ""])) as Record<string, string>;
    const result = smartCheck(text);
    for (const letter of failingLetters(result)) {
      const path = LETTER_FIELD[letter](text);
      ctx.addIssue({ code: "custom", path: [path], message: `${SMART_NAMES[letter]} (${letter}): ${result[letter].reason}` });
    }
  }, { when: () => true });

export const createGoalSchema = z.intersection(
  z.object({ stageId: uuidField("stage"), activate: z.preprocess((v) => v === "true" || v === true, z.boolean()).default(false) }),
  goalFieldsSchema,
);
export type CreateGoalInput = z.output<typeof createGoalSchema>;

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
  value: str(24, "Measured value").pipe(z.string().min(1, "Enter the measured value.")).refine(isDecimal, "Measured value must be a plain number like 42 or 3.5."),
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
