import { describe, expect, it } from "vitest";
import {
  OVERDUE_CONFIRMATION_LABEL,
  changeGoalStatusSchema,
  correctCheckInSchema,
  createGoalSchema,
  createGoalSchemaAsOf,
  overdueRefusal,
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
    ["a negative budget", { budget: "-10" }, "budget", /^Achievable \(A\): The budget cannot be negative\.$/],
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
    ["people", "-1", "People cannot be negative."],
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

describe("goal numbers: below zero and beyond what is stored", () => {
  it("says a budget below zero cannot be negative, once, on the budget", () => {
    expect(goalErrors({ budget: "-0.01" })).toEqual({ budget: ["Achievable (A): The budget cannot be negative."] });
  });

  it("says people below zero cannot be negative, once", () => {
    expect(goalErrors({ people: "-3" })).toEqual({ people: ["People cannot be negative."] });
  });

  it.each(["baseline", "target", "budget"])("says the limit when %s has more than 15 digits before the point", (field) => {
    const label = `${field[0]!.toUpperCase()}${field.slice(1)}`;
    const over = field === "baseline" ? { baseline: "1234567890123456", target: "1" } : { [field]: "1234567890123456" };
    expect(goalErrors(over)[field]).toEqual([`${label} is too large: at most 15 digits before the decimal point (up to 999,999,999,999,999).`]);
  });

  it("takes the largest number it stores exactly", () => {
    expect(goalErrors({ budget: "999999999999999.999999" })).toEqual({});
  });

  it("says the limit on decimal places", () => {
    expect(goalErrors({ budget: "1.1234567" })).toEqual({ budget: ["Budget can have at most 6 decimal places."] });
  });

  it("says the limit on people (an integer column), not a length", () => {
    expect(goalErrors({ people: "1000000" })).toEqual({ people: ["People is too large: at most 999,999."] });
    expect(goalErrors({ people: "99999999999" })).toEqual({ people: ["People is too large: at most 999,999."] });
    expect(goalErrors({ people: "999999" })).toEqual({});
  });

  it("says the limit on a measured value", () => {
    const r = recordCheckInSchema.safeParse({ goalId: GOAL, value: "12345678901234567", confidence: "high", note: "", measuredOn: "2024-03-01" });
    expect(errorsOf(r)).toEqual({ value: ["Measured value is too large: at most 15 digits before the decimal point (up to 999,999,999,999,999)."] });
  });

  it("reports every field error at once, each field once", () => {
    const errors = goalErrors({ budget: "-5", people: "1000000", baseline: "12345678901234567", title: "x" });
    expect(Object.keys(errors).sort()).toEqual(["baseline", "budget", "people", "title"]);
    for (const messages of Object.values(errors)) expect(messages).toHaveLength(1);
  });
});

describe("a new active goal already past its due date", () => {
  const TODAY = "2024-07-01";
  const overdue = { ...valid, activate: "true", dueDate: "2024-06-30" };
  const datedErrors = (over: Record<string, unknown>) => errorsOf(createGoalSchemaAsOf(TODAY).safeParse({ ...overdue, ...over }));

  it("asks for confirmation, on the confirmation field, naming the dates", () => {
    const errors = datedErrors({});
    expect(Object.keys(errors)).toEqual(["confirmOverdue"]);
    expect(errors.confirmOverdue![0]).toMatch(/^Time-bound \(T\): the due date, 30 Jun 2024, has already passed \(today is 1 Jul 2024\)/);
    expect(errors.confirmOverdue![0]).toContain(`Tick “${OVERDUE_CONFIRMATION_LABEL}”`);
  });

  it("is accepted once confirmed", () => {
    const r = createGoalSchemaAsOf(TODAY).safeParse({ ...overdue, confirmOverdue: "true" });
    expect(r.success, JSON.stringify(errorsOf(r))).toBe(true);
    expect(r.data?.confirmOverdue).toBe(true);
  });

  it.each([
    ["saved as a draft", { activate: undefined }],
    ["due today", { dueDate: TODAY }],
    ["due later", { dueDate: "2025-01-01" }],
  ])("needs no confirmation when %s", (_label, over) => {
    expect(datedErrors(over)).toEqual({});
  });

  it("is reported together with every other field error", () => {
    const errors = datedErrors({ title: "x", budget: "-1" });
    expect(Object.keys(errors).sort()).toEqual(["budget", "confirmOverdue", "title"]);
  });

  it("is the same rule the command applies", () => {
    expect(overdueRefusal({ activate: true, dueDate: "2024-06-30" }, TODAY)).toMatch(/already passed/);
    expect(overdueRefusal({ activate: true, dueDate: "2024-06-30", confirmOverdue: true }, TODAY)).toBeNull();
    expect(overdueRefusal({ activate: false, dueDate: "2024-06-30" }, TODAY)).toBeNull();
  });

  it("leaves the undated schema alone (the server applies the rule with the company's clock)", () => {
    expect(errorsOf(createGoalSchema.safeParse(overdue))).toEqual({});
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
    [{ value: "Infinity" }, { value: ["Measured value must be a plain number like 42 or 3.5 (no units, no exponent)."] }],
    [{ value: "NaN" }, { value: ["Measured value must be a plain number like 42 or 3.5 (no units, no exponent)."] }],
    [{ value: "1e3" }, { value: ["Measured value must be a plain number like 42 or 3.5 (no units, no exponent)."] }],
    [{ value: "42%" }, { value: ["Measured value must be a plain number like 42 or 3.5 (no units, no exponent)."] }],
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
