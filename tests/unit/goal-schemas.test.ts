import { describe, expect, it } from "vitest";
import {
  changeGoalStatusSchema,
  correctCheckInSchema,
  createGoalSchema,
  createObjectiveSchema,
  recordCheckInSchema,
  updateGoalSchema,
  updateObjectiveSchema,
} from "@/lib/goals/schemas";
import { zodFieldErrors } from "@/lib/validation";

const STAGE = "6c1f6a2e-3b7e-4c1a-9a55-1f2d3c4b5a69";
const GOAL = "7d2a7b3f-4c8f-4d2b-8b66-2a3e4d5c6b7a";
const OWNER = "0b8f2a9c-1d3e-4f5a-8b6c-7d8e9f0a1b2c";
const OBJECTIVE = "1c9a3bad-2e4f-4a6b-9c7d-8e9f0a1b2c3d";

const valid = {
  stageId: STAGE,
  title: "Faster delivery",
  description: "Customers get their parcel within two working days.",
  metricName: "Delivery lead time",
  metricUnit: "days",
  baseline: "5",
  target: "2",
  direction: "decrease",
  startDate: "2024-01-01",
  dueDate: "2024-06-30",
  ownerId: OWNER,
  objectiveId: OBJECTIVE,
  budget: "1500.50",
  people: "3",
  resourcesNote: "",
};

function errorsOf(result: { success: boolean; error?: unknown }) {
  if (result.success) return {};
  return zodFieldErrors(result.error as Parameters<typeof zodFieldErrors>[0]);
}
const goalErrors = (over: Record<string, unknown>) => errorsOf(createGoalSchema.safeParse({ ...valid, ...over }));

describe("createGoalSchema", () => {
  it("accepts a SMART goal, trimmed, as a draft unless asked to activate", () => {
    const r = createGoalSchema.safeParse({ ...valid, title: "  Faster delivery  " });
    expect(r.success, JSON.stringify(errorsOf(r))).toBe(true);
    expect(r.data).toMatchObject({ title: "Faster delivery", baseline: "5", people: "3", activate: false });
    expect(createGoalSchema.safeParse({ ...valid, activate: "true" }).data?.activate).toBe(true);
  });

  it("reports every failing SMART letter at once, each on its field and naming its letter", () => {
    const errors = goalErrors({ title: "Go", metricName: "", budget: "", objectiveId: "", startDate: "" });
    expect(errors).toEqual({
      title: ["Specific (S): Give the goal a title of at least 5 characters."],
      metricName: ["Measurable (M): Name the metric and its unit (e.g. “Net Promoter Score”, “points”)."],
      budget: ["Achievable (A): State the budget (0 is fine, but say so)."],
      objectiveId: ["Relevant (R): Link the strategic objective this goal serves."],
      startDate: ["Time-bound (T): Give a start date and a due date."],
    });
  });

  it("reports the other field of each letter too, all at once", () => {
    const errors = goalErrors({ description: "Short", target: "5", people: "", objectiveId: "  ", dueDate: "2023-12-31" });
    expect(Object.keys(errors).sort()).toEqual(["description", "dueDate", "objectiveId", "people", "target"]);
    expect(Object.values(errors).map((m) => m[0]!.slice(0, m[0]!.indexOf(":"))).sort()).toEqual(["Achievable (A)", "Measurable (M)", "Relevant (R)", "Specific (S)", "Time-bound (T)"]);
  });

  it.each([
    ["a short description", { description: "Faster." }, "description", /^Specific \(S\): .*20 characters/],
    ["a missing unit", { metricUnit: "  " }, "metricName", /^Measurable \(M\): Name the metric/],
    ["an empty baseline", { baseline: "" }, "baseline", /^Measurable \(M\): .*plain numbers/],
    ["target = baseline", { target: "5.000" }, "target", /^Measurable \(M\): The target must differ/],
    ["decrease with a higher target", { target: "9" }, "target", /^Measurable \(M\): To decrease/],
    ["increase with a lower target", { direction: "increase" }, "target", /^Measurable \(M\): To increase/],
    ["a negative budget", { budget: "-10" }, "budget", /^Achievable \(A\): State the budget/],
    ["no people", { people: "" }, "people", /^Achievable \(A\): State how many people/],
    ["no objective", { objectiveId: null }, "objectiveId", /^Relevant \(R\): /],
    ["no due date", { dueDate: undefined }, "dueDate", /^Time-bound \(T\): Give a start date and a due date/],
    ["due = start", { dueDate: "2024-01-01" }, "dueDate", /^Time-bound \(T\): The due date must be after the start date/],
    ["due before start", { dueDate: "2023-01-01" }, "dueDate", /^Time-bound \(T\): The due date must be after/],
  ])("%s → %s", (_label, over, field, message) => {
    const errors = goalErrors(over);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toHaveLength(1);
    expect(errors[field]![0]).toMatch(message);
  });

  it.each([
    ["baseline", "Infinity"], ["baseline", "NaN"], ["target", "1e5"], ["target", "-Infinity"], ["budget", "1,5"], ["budget", "€100"],
  ])("refuses %s = %j as not a plain number", (field, value) => {
    const errors = goalErrors({ [field]: value });
    expect(errors[field]).toContain(`${field[0]!.toUpperCase()}${field.slice(1)} must be a plain number like 42 or 3.5 (no units, no exponent).`);
  });

  it.each([
    ["people", "2.5", "People must be a whole number (0 or more)."],
    ["people", "-1", "People must be a whole number (0 or more)."],
    ["startDate", "2021-02-30", "Start date is not a real calendar date."],
    ["dueDate", "2021-13-01", "Due date is not a real calendar date."],
    ["dueDate", "0000-01-01", "Due date must be in a year from 1900 to 9999."],
    ["startDate", "1.1.2024", "Start date must be a date (YYYY-MM-DD)."],
    ["direction", "sideways", "Say whether the metric should increase or decrease."],
    ["ownerId", "", "Choose goal owner."],
    ["ownerId", "nobody", "That goal owner does not exist."],
    ["objectiveId", "not-a-uuid", "That objective does not exist."],
    ["stageId", undefined, "Choose stage."],
  ])("refuses %s = %j: %s", (field, value, message) => {
    expect(goalErrors({ [field]: value })[field]).toContain(message);
  });

  it.each([
    ["a number", 42], ["an array", ["Faster delivery"]], ["an object", { x: 1 }], ["true", true],
  ])("answers a field given %s with field errors, never a throw", (_label, value) => {
    for (const field of ["title", "metricName", "baseline", "budget", "people", "startDate", "objectiveId"]) {
      let errors: Record<string, string[]> = {};
      expect(() => (errors = goalErrors({ [field]: value }))).not.toThrow();
      expect(errors[field]?.length, `${field} = ${JSON.stringify(value)}`).toBeGreaterThan(0);
    }
  });

  it.each([null, undefined, 42, "Infinity", [], [valid]])("answers a payload of %j with errors, never a throw", (payload) => {
    const r = createGoalSchema.safeParse(payload);
    expect(r.success).toBe(false);
    expect(Object.keys(errorsOf(r)).length).toBeGreaterThan(0);
  });

  it("updateGoalSchema runs the same SMART check and needs a goal", () => {
    const { stageId: _stageId, ...fields } = valid;
    expect(updateGoalSchema.safeParse({ ...fields, goalId: GOAL }).success).toBe(true);
    expect(errorsOf(updateGoalSchema.safeParse({ ...fields, goalId: GOAL, target: "5" }))).toEqual({
      target: ["Measurable (M): The target must differ from the baseline."],
    });
    expect(errorsOf(updateGoalSchema.safeParse(fields))).toEqual({ goalId: ["Choose goal."] });
  });
});

describe("changeGoalStatusSchema", () => {
  it.each(["achieved", "active"])("%s needs no reason", (status) => {
    expect(changeGoalStatusSchema.safeParse({ goalId: GOAL, status }).success).toBe(true);
  });
  it.each(["missed", "cancelled"])("%s needs a reason", (status) => {
    expect(errorsOf(changeGoalStatusSchema.safeParse({ goalId: GOAL, status, reason: "  " }))).toEqual({ reason: ["Say why, for the record."] });
    expect(changeGoalStatusSchema.safeParse({ goalId: GOAL, status, reason: "Budget cut" }).success).toBe(true);
  });
  it.each(["draft", "done", "", null])("refuses status %j", (status) => {
    expect(errorsOf(changeGoalStatusSchema.safeParse({ goalId: GOAL, status, reason: "x" }))).toEqual({ status: ["Choose a status."] });
  });
});

describe("check-in schemas", () => {
  const checkIn = { goalId: GOAL, value: "42.5", confidence: "medium", note: "", measuredOn: "2024-03-01" };
  const errors = (over: Record<string, unknown>) => errorsOf(recordCheckInSchema.safeParse({ ...checkIn, ...over }));

  it("accepts a check-in and keeps the value as exact text", () => {
    const r = recordCheckInSchema.safeParse({ ...checkIn, value: " 12345678901.123456 " });
    expect(r.data).toEqual({ ...checkIn, value: "12345678901.123456" });
  });

  it.each([
    [{ value: "" }, { value: ["Enter the measured value."] }],
    [{ value: null }, { value: ["Enter the measured value."] }],
    [{ value: "  " }, { value: ["Enter the measured value."] }],
    [{ value: "Infinity" }, { value: ["Measured value must be a plain number like 42 or 3.5."] }],
    [{ value: "NaN" }, { value: ["Measured value must be a plain number like 42 or 3.5."] }],
    [{ value: "1e3" }, { value: ["Measured value must be a plain number like 42 or 3.5."] }],
    [{ value: "42%" }, { value: ["Measured value must be a plain number like 42 or 3.5."] }],
    [{ measuredOn: "" }, { measuredOn: ["Enter the date of the measurement."] }],
    [{ measuredOn: "2021-02-30" }, { measuredOn: ["Date is not a real calendar date."] }],
    [{ measuredOn: "2021-13-01" }, { measuredOn: ["Date is not a real calendar date."] }],
    [{ confidence: "certain" }, { confidence: ["Choose your confidence: high, medium or low."] }],
    [{ goalId: "x" }, { goalId: ["That goal does not exist."] }],
  ])("refuses %j, the specific message first", (over, expected) => {
    const [field, [message]] = Object.entries(expected)[0]!;
    const got = errors(over);
    expect(Object.keys(got)).toEqual([field]);
    expect(got[field]![0]).toBe(message);
  });

  it.each([42, ["1"], { v: 1 }, true])("refuses a value of %j without throwing", (value) => {
    expect(errors({ value }).value?.length).toBeGreaterThan(0);
  });

  it("correctCheckInSchema has the same fields for a check-in", () => {
    const { goalId: _goalId, ...fields } = checkIn;
    expect(correctCheckInSchema.safeParse({ ...fields, checkInId: GOAL }).success).toBe(true);
    expect(errorsOf(correctCheckInSchema.safeParse({ ...fields, value: "", checkInId: "" }))).toMatchObject({
      checkInId: ["Choose check-in."],
      value: expect.arrayContaining(["Enter the measured value."]),
    });
  });
});

describe("objective schemas", () => {
  const objective = { title: "Win on delivery", description: "", periodStart: "2024-01-01", periodEnd: "2024-12-31" };
  it("accepts a period that ends after it starts", () => {
    expect(createObjectiveSchema.safeParse(objective).success).toBe(true);
    expect(updateObjectiveSchema.safeParse({ ...objective, objectiveId: OBJECTIVE }).success).toBe(true);
  });
  it.each([
    ["ends when it starts", { periodEnd: "2024-01-01" }],
    ["ends before it starts", { periodEnd: "2023-12-31" }],
  ])("refuses a period that %s", (_label, over) => {
    const expected = { periodEnd: ["The period must end after it starts."] };
    expect(errorsOf(createObjectiveSchema.safeParse({ ...objective, ...over }))).toEqual(expected);
    expect(errorsOf(updateObjectiveSchema.safeParse({ ...objective, ...over, objectiveId: OBJECTIVE }))).toEqual(expected);
  });
  it.each([
    [{ title: "" }, { title: ["Title is required."] }],
    [{ periodStart: "2024-02-30" }, { periodStart: ["Period start is not a real calendar date."] }],
    [{ periodEnd: "" }, { periodEnd: ["Enter the end of the period."] }],
  ])("refuses %j, the specific message first", (over, expected) => {
    const [field, [message]] = Object.entries(expected)[0]!;
    const got = errorsOf(createObjectiveSchema.safeParse({ ...objective, ...over }));
    expect(Object.keys(got)).toEqual([field]);
    expect(got[field]![0]).toBe(message);
  });
});
