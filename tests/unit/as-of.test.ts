import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import { goalStateAt, type GoalFacts } from "@/lib/goals/rules";
import { asOfInstant, checkAsOfDay } from "@/lib/journeys/as-of";

describe("the board's as-of day", () => {
  it("ends at the first instant of the next day in the company's zone", () => {
    expect(asOfInstant("2024-03-09", "UTC").toISOString()).toBe("2024-03-10T00:00:00.000Z");
    expect(asOfInstant("2024-02-29", "UTC").toISOString()).toBe("2024-03-01T00:00:00.000Z");
    expect(asOfInstant("2023-12-31", "UTC").toISOString()).toBe("2024-01-01T00:00:00.000Z");
    // New York is five hours behind UTC in winter, four in summer; Tokyo nine ahead.
    expect(asOfInstant("2024-03-09", "America/New_York").toISOString()).toBe("2024-03-10T05:00:00.000Z");
    expect(asOfInstant("2024-07-01", "America/New_York").toISOString()).toBe("2024-07-02T04:00:00.000Z");
    expect(asOfInstant("2024-03-09", "Asia/Tokyo").toISOString()).toBe("2024-03-09T15:00:00.000Z");
  });

  it("today and earlier days are accepted; a later day or a non-date is refused with a field error", () => {
    expect(checkAsOfDay("2024-06-01", "2024-06-01")).toBe("2024-06-01");
    expect(checkAsOfDay("2019-01-31", "2024-06-01")).toBe("2019-01-31");
    const refused = (raw: string) => {
      try {
        checkAsOfDay(raw, "2024-06-01");
      } catch (e) {
        return e as DomainError;
      }
      throw new Error("expected a refusal");
    };
    const future = refused("2024-06-02");
    expect(future).toBeInstanceOf(DomainError);
    expect(future).toMatchObject({ kind: "invalid", message: "2024-06-02 is in the future, and the board cannot show what has not happened yet. Choose today (2024-06-01) or an earlier day.", fieldErrors: { asOf: ["Choose today or an earlier day."] } });
    for (const raw of ["2024-02-30", "yesterday", "2024-6-1", ""]) expect(refused(raw)).toMatchObject({ kind: "invalid", fieldErrors: { asOf: ["Choose a day, written YYYY-MM-DD."] } });
  });
});

describe("goalStateAt: a goal as it stood on a past day", () => {
  const facts: GoalFacts = { status: "achieved", baseline: "10", target: "20", startDate: "2024-01-01", dueDate: "2024-12-31" };
  const at = new Date("2024-03-01T00:00:00Z");
  const t = (iso: string) => new Date(iso);
  const goal = (created: string, updated: string) => ({ ...facts, createdAt: t(created), updatedAt: t(updated) });

  it("did not exist before it was created", () => {
    expect(goalStateAt(goal("2024-03-01T00:00:00Z", "2024-03-01T00:00:00Z"), [], at)).toEqual({ kind: "absent" });
  });

  it("untouched since the day: as it is now", () => {
    expect(goalStateAt(goal("2024-01-01T09:00:00Z", "2024-02-29T23:59:59Z"), [], at)).toEqual({ kind: "known", goal: facts });
  });

  it("changed since: replayed from its audit events up to the day", () => {
    const events = [
      { action: "goal.created", createdAt: t("2024-01-01T09:00:00Z"), after: { ...facts, status: "draft", target: "15" } },
      { action: "goal.status_changed", createdAt: t("2024-01-02T09:00:00Z"), after: { status: "active", statusReason: null } },
      { action: "goal.updated", createdAt: t("2024-02-01T09:00:00Z"), after: { ...facts, status: "active", target: "18" } },
      { action: "goal.status_changed", createdAt: t("2024-03-05T09:00:00Z"), after: { status: "achieved", statusReason: null } },
    ];
    expect(goalStateAt(goal("2024-01-01T09:00:00Z", "2024-03-05T09:00:00Z"), events, at)).toEqual({ kind: "known", goal: { ...facts, status: "active", target: "18" } });
    // Order of the events as given does not matter.
    expect(goalStateAt(goal("2024-01-01T09:00:00Z", "2024-03-05T09:00:00Z"), [...events].reverse(), at)).toEqual({ kind: "known", goal: { ...facts, status: "active", target: "18" } });
  });

  it("changed since without a recorded creation: unknown, not guessed", () => {
    const events = [{ action: "goal.status_changed", createdAt: t("2024-02-05T09:00:00Z"), after: { status: "active" } }];
    expect(goalStateAt(goal("2024-01-01T09:00:00Z", "2024-03-05T09:00:00Z"), events, at)).toEqual({ kind: "unknown" });
    expect(goalStateAt(goal("2024-01-01T09:00:00Z", "2024-03-05T09:00:00Z"), [], at)).toEqual({ kind: "unknown" });
  });
});
