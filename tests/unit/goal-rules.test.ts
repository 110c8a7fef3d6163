import { describe, expect, it } from "vitest";
import {
  HEALTH_THRESHOLDS,
  expectedProgress,
  failingLetters,
  goalHealth,
  isDecimal,
  isIsoDate,
  isStale,
  progressOf,
  smartCheck,
  type Health,
  type HealthInput,
  type SmartDraft,
  type SmartLetter,
} from "@/lib/goals/rules";

// A 100-day goal: 2024-01-01 → 2024-04-10. Day n after the start is `day(n)`.
const START = "2024-01-01";
const DUE = "2024-04-10";
const day = (n: number) => new Date(Date.parse(`${START}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const up: HealthInput = { baseline: "0", target: "100", startDate: START, dueDate: DUE, status: "active", latestValue: null };
const down: HealthInput = { ...up, baseline: "50", target: "10" };

describe("progressOf: share of the way from baseline to target", () => {
  it.each([
    ["increase, at the baseline", up, "0", 0],
    ["increase, half way", up, "50", 0.5],
    ["increase, at the target", up, "100", 1],
    ["increase, overshoot (>100%)", up, "150", 1.5],
    ["increase, regression below the baseline", up, "-20", -0.2],
    ["decrease, at the baseline", down, "50", 0],
    ["decrease, a quarter of the way", down, "40", 0.25],
    ["decrease, beyond the target", down, "0", 1.25],
    ["decrease, regression above the baseline", down, "60", -0.25],
    ["decimal values", { baseline: "0.1", target: "0.3" }, "0.2", 0.5],
  ] as const)("%s", (_label, goal, value, expected) => {
    expect(progressOf(goal, value)).toBeCloseTo(expected, 12);
  });
});

describe("expectedProgress: a straight line from start (0) to due date (1)", () => {
  it.each([
    ["long before the start", "2023-06-01", 0],
    ["the start date", START, 0],
    ["one day in", day(1), 0.01],
    ["half way", day(50), 0.5],
    ["the due date", DUE, 1],
    ["after the due date", "2024-12-31", 1],
  ])("%s → %d", (_label, today, expected) => {
    expect(expectedProgress(up, today)).toBeCloseTo(expected, 12);
  });

  it.each([
    ["a zero-length period", START, START],
    ["a negative period", DUE, START],
  ])("refuses %s with a RangeError", (_label, startDate, dueDate) => {
    expect(() => expectedProgress({ startDate, dueDate }, day(5))).toThrow(RangeError);
    expect(() => goalHealth({ ...up, startDate, dueDate, latestValue: "5" }, day(5))).toThrow(RangeError);
  });
});

describe("goalHealth", () => {
  const cases: [string, Partial<HealthInput>, string, Health | null, number | null][] = [
    ["no check-ins yet", {}, day(50), "no_data", null],
    ["no check-ins before the start", {}, day(-5), "no_data", null],
    ["increase, exactly on plan", { latestValue: "50" }, day(50), "on_track", 0.5],
    ["increase, ahead of plan", { latestValue: "80" }, day(50), "on_track", 0.8],
    ["increase, 20 points behind", { latestValue: "30" }, day(50), "at_risk", 0.3],
    ["increase, 40 points behind", { latestValue: "10" }, day(50), "off_track", 0.1],
    ["increase, regression below the baseline", { latestValue: "-10" }, day(50), "off_track", -0.1],
    ["increase, target reached early", { latestValue: "100" }, day(10), "achieved", 1],
    ["increase, overshoot", { latestValue: "130" }, day(10), "achieved", 1.3],
    ["decrease, on plan", { ...down, latestValue: "30" }, day(50), "on_track", 0.5],
    ["decrease, 20 points behind", { ...down, latestValue: "38" }, day(50), "at_risk", 0.3],
    ["decrease, regression above the baseline", { ...down, latestValue: "55" }, day(50), "off_track", -0.125],
    ["decrease, target reached early", { ...down, latestValue: "10" }, day(5), "achieved", 1],
    ["decrease, beyond the target", { ...down, latestValue: "2" }, day(5), "achieved", 1.2],
    ["before the start date, at the baseline", { latestValue: "0" }, day(-3), "on_track", 0],
    ["due today and behind: not overdue yet", { latestValue: "85" }, DUE, "at_risk", 0.85],
    ["due today and on plan", { latestValue: "95" }, DUE, "on_track", 0.95],
    ["the day after the due date, short of the target", { latestValue: "99" }, day(101), "overdue", 0.99],
    ["overdue with no check-in at all", {}, day(150), "overdue", null],
    ["past the due date but the target was reached", { latestValue: "100" }, day(150), "achieved", 1],
    ["draft", { status: "draft", latestValue: "90" }, day(50), null, 0.9],
    ["missed", { status: "missed", latestValue: "10" }, day(150), null, 0.1],
    ["cancelled", { status: "cancelled" }, day(50), null, null],
    ["achieved status, whatever the data", { status: "achieved", latestValue: "20" }, day(50), "achieved", 0.2],
    ["achieved status without check-ins", { status: "achieved" }, day(150), "achieved", null],
  ];
  it.each(cases)("%s", (_label, over, today, health, progress) => {
    const r = goalHealth({ ...up, ...over }, today);
    expect(r.health).toBe(health);
    if (progress === null) expect(r.progress).toBeNull();
    else expect(r.progress).toBeCloseTo(progress, 12);
  });

  it("reports the expected progress it compared with", () => {
    expect(goalHealth({ ...up, latestValue: "10" }, day(25)).expected).toBe(0.25);
  });

  // On the start date expected progress is exactly 0, so a regression of exactly −t is exactly t behind.
  const onStart = { ...up, baseline: "0", target: "1" };
  const { onTrackTolerance: ON, atRiskTolerance: RISK } = HEALTH_THRESHOLDS;
  it.each([
    [`exactly ${ON} behind is still on track`, String(-ON), "on_track"],
    [`just over ${ON} behind is at risk`, String(-(ON + 1e-6)), "at_risk"],
    [`exactly ${RISK} behind is still at risk`, String(-RISK), "at_risk"],
    [`just over ${RISK} behind is off track`, String(-(RISK + 1e-6)), "off_track"],
  ] as const)("threshold: %s", (_label, latestValue, health) => {
    const r = goalHealth({ ...onStart, latestValue }, START);
    expect(r.expected).toBe(0);
    expect(r.health).toBe(health);
  });

  it("threshold: exactly 25 points behind mid-period (exact binary fractions) is at risk, a hair more is off track", () => {
    const g = { ...up, dueDate: day(4) }; // expected 0.75 on day 3
    expect(goalHealth({ ...g, latestValue: "50" }, day(3))).toEqual({ health: "at_risk", progress: 0.5, expected: 0.75 });
    expect(goalHealth({ ...g, latestValue: "49.9999" }, day(3)).health).toBe("off_track");
    expect(goalHealth({ ...g, latestValue: "65" }, day(3)).health).toBe("on_track");
    expect(goalHealth({ ...g, latestValue: "64.9" }, day(3)).health).toBe("at_risk");
  });
});

describe("isStale", () => {
  const goal = { status: "active", startDate: START, lastCheckInOn: null as string | null };
  it.each([
    ["active, no check-in, exactly the stale period since the start", goal, day(14), false],
    ["active, no check-in, one day past the period", goal, day(15), true],
    ["a recent check-in resets the count", { ...goal, lastCheckInOn: day(10) }, day(24), false],
    ["counted from the last check-in", { ...goal, lastCheckInOn: day(10) }, day(25), true],
    ["a draft is never stale", { ...goal, status: "draft" }, day(100), false],
    ["an achieved goal is never stale", { ...goal, status: "achieved" }, day(100), false],
    ["a cancelled goal is never stale", { ...goal, status: "cancelled" }, day(100), false],
    ["before the start", goal, day(-10), false],
  ])("%s → %s", (_label, g, today, stale) => {
    expect(isStale(g, today, 14)).toBe(stale);
  });
});

const passing: SmartDraft = {
  title: "Faster delivery",
  description: "Customers get their parcel within two working days.",
  metricName: "Delivery lead time",
  metricUnit: "days",
  baseline: "5",
  target: "2",
  direction: "decrease",
  budget: "0",
  people: "0",
  objectiveId: "obj-1",
  startDate: "2024-01-01",
  dueDate: "2024-06-30",
};

describe("smartCheck", () => {
  it("passes a complete goal, with a reason for every letter", () => {
    const r = smartCheck(passing);
    expect(failingLetters(r)).toEqual([]);
    expect(r.M.reason).toBe("Measured by Delivery lead time (days), from 5 to 2.");
    expect(r.T.reason).toBe("Runs from 1 Jan 2024 to 30 Jun 2024.");
  });

  const cases: [string, Partial<SmartDraft>, SmartLetter, RegExp][] = [
    ["S: title too short", { title: " Go  " }, "S", /title of at least 5/],
    ["S: description too short", { description: "Be faster." }, "S", /at least 20 characters/],
    ["S: description missing", { description: null }, "S", /at least 20 characters/],
    ["M: metric name missing", { metricName: "  " }, "M", /Name the metric and its unit/],
    ["M: unit missing", { metricUnit: undefined }, "M", /Name the metric and its unit/],
    ["M: baseline not a number", { baseline: "five" }, "M", /plain numbers/],
    ["M: target with a unit", { target: "2 days" }, "M", /plain numbers/],
    ["M: target = baseline", { target: "5" }, "M", /must differ from the baseline/],
    ["M: target = baseline, written differently", { baseline: "5.0", target: "5" }, "M", /must differ from the baseline/],
    ["M: no direction", { direction: null }, "M", /increase or decrease/],
    ["M: increase, but the target is below the baseline", { direction: "increase" }, "M", /above the baseline/],
    ["M: decrease, but the target is above the baseline", { target: "8" }, "M", /below the baseline/],
    ["A: budget missing", { budget: "" }, "A", /State the budget/],
    ["A: budget negative", { budget: "-1" }, "A", /The budget cannot be negative/],
    ["A: people missing", { people: null }, "A", /how many people/],
    ["A: people not a whole number", { people: "1.5" }, "A", /whole number/],
    ["A: people negative", { people: "-2" }, "A", /people cannot be negative/],
    ["A: people over the limit", { people: "1000000" }, "A", /whole number/],
    ["R: no objective", { objectiveId: " " }, "R", /strategic objective/],
    ["T: start date missing", { startDate: "" }, "T", /start date and a due date/],
    ["T: due date missing", { dueDate: null }, "T", /start date and a due date/],
    ["T: not a real date", { dueDate: "2024-02-30" }, "T", /start date and a due date/],
    ["T: due date = start date", { dueDate: "2024-01-01" }, "T", /after the start date/],
    ["T: due date before the start date", { dueDate: "2023-12-31" }, "T", /after the start date/],
  ];
  it.each(cases)("%s", (_label, over, letter, reason) => {
    const r = smartCheck({ ...passing, ...over });
    expect(failingLetters(r)).toEqual([letter]);
    expect(r[letter].reason).toMatch(reason);
  });

  it("reports every failing letter at once, in S M A R T order", () => {
    expect(failingLetters(smartCheck({}))).toEqual(["S", "M", "A", "R", "T"]);
  });
});

describe("isDecimal and isIsoDate", () => {
  it.each(["0", "42", "-3.5", "0.000001", "123456789012345.123456", " 7 "])("%j is a decimal", (v) => {
    expect(isDecimal(v)).toBe(true);
  });
  it.each(["Infinity", "-Infinity", "NaN", "1e5", "", " ", "1,5", "0x10", "1.", ".5", "1.1234567", "1234567890123456", null, undefined])("%j is not", (v) => {
    expect(isDecimal(v)).toBe(false);
  });

  it.each(["2024-02-29", "2021-12-31", "2000-01-01"])("%s is a date", (v) => {
    expect(isIsoDate(v)).toBe(true);
  });
  it.each(["2021-02-30", "2021-13-01", "2023-02-29", "2021-00-10", "2021-1-1", "01/02/2021", "2021-01-01T00:00:00Z", "", null])("%j is not", (v) => {
    expect(isIsoDate(v)).toBe(false);
  });
});
