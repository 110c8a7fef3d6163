import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, checkIns, disputes, goals, handoffs, objectives, ownershipAssignments, stages } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { DomainError } from "@/lib/errors";
import { goalSummaryAsOf } from "@/lib/goals/as-of";
import { goalSummaryByStage } from "@/lib/goals/queries";
import { asOfInstant } from "@/lib/journeys/as-of";
import { getJourneyBoard } from "@/lib/journeys/queries";
import { getTimeZone } from "@/lib/settings";
import { todayIn } from "@/lib/time";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

// The journey board "as of" a day is historical throughout: the stages that existed that
// evening, who was accountable, responsible, consulted and informed, which handoffs were
// pending and which disputes open, and the goals then open with the health their check-ins
// gave them by that day. History is written directly with past timestamps (scaffolding).

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const DAY = "2024-03-15";
const t = (iso: string) => new Date(iso);

let cco: Actor;
let alpha: HeadedDepartment, beta: HeadedDepartment, gamma: HeadedDepartment;
let journeyId: string;
let s1: string, s2: string, s3: string, s4: string;
let g: Record<"onTrack" | "replayed" | "unknown" | "later" | "cancelled", string>;

beforeAll(async () => {
  cco = (await makeCast(db())).actors.cco;
  [alpha, beta, gamma] = [await makeHeadedDepartment(db(), `Alpha ${uniq()}`), await makeHeadedDepartment(db(), `Beta ${uniq()}`), await makeHeadedDepartment(db(), `Gamma ${uniq()}`)];
  const j = await makeJourney(cco, 4);
  journeyId = j.journeyId;
  [s1, s2, s3, s4] = j.stageIds as [string, string, string, string];
  const created = (id: string, at: string, more: Partial<typeof stages.$inferInsert> = {}) => db().update(stages).set({ createdAt: t(at), updatedAt: t(at), ...more }).where(eq(stages.id, id));
  await created(s1, "2024-01-01T00:00:00Z");
  await created(s2, "2024-01-01T00:00:00Z");
  await created(s3, "2024-03-20T00:00:00Z"); // did not exist yet on the day
  await created(s4, "2024-01-01T00:00:00Z");
  await db().update(stages).set({ archived: true, position: 0, updatedAt: t("2024-04-01T00:00:00Z") }).where(eq(stages.id, s4)); // archived after the day

  const row = (stageId: string, dep: HeadedDepartment, raci: "accountable" | "responsible" | "consulted" | "informed", from: string, to: string | null) => ({
    stageId,
    departmentId: dep.id,
    personId: raci === "accountable" ? dep.head.id : null,
    raci,
    source: "assigned" as const,
    byUserId: cco.id,
    reason: "history",
    validFrom: t(from),
    validTo: to ? t(to) : null,
  });
  await db().insert(ownershipAssignments).values([
    row(s1, alpha, "accountable", "2024-01-05T00:00:00Z", "2024-04-01T00:00:00Z"),
    row(s1, beta, "accountable", "2024-04-01T00:00:00Z", null),
    row(s1, gamma, "consulted", "2024-01-05T00:00:00Z", "2024-03-01T00:00:00Z"),
    row(s1, beta, "informed", "2024-02-01T00:00:00Z", "2024-04-01T00:00:00Z"),
    row(s1, gamma, "responsible", "2024-03-10T00:00:00Z", null),
    row(s2, alpha, "accountable", "2024-01-05T00:00:00Z", null),
    row(s4, gamma, "accountable", "2024-01-05T00:00:00Z", "2024-04-01T00:00:00Z"),
  ]);
  // Pending on the day, declined since; a dispute open on the day, decided since.
  await db().insert(handoffs).values({
    stageId: s2, fromDepartmentId: alpha.id, toDepartmentId: gamma.id, note: "Yours?", goalDisposition: "move", status: "declined",
    proposedById: alpha.head.id, proposedAt: t("2024-03-10T00:00:00Z"), respondedById: gamma.head.id, respondedAt: t("2024-03-20T00:00:00Z"), responseReason: "No",
  });
  await db().insert(disputes).values({
    kind: "ownership", stageId: s2, title: "Who owns it", description: "d", raisedById: gamma.head.id, status: "withdrawn",
    openedAt: t("2024-03-12T00:00:00Z"), dueBy: t("2024-03-22T00:00:00Z"), closedAt: t("2024-03-25T00:00:00Z"), withdrawnReason: "Settled",
  });

  const [objective] = await db().insert(objectives).values({ title: `Objective ${uniq()}`, periodStart: "2024-01-01", periodEnd: "2025-12-31" }).returning();
  const goal = async (key: string, stageId: string, over: Partial<typeof goals.$inferInsert>) => {
    const [r] = await db()
      .insert(goals)
      .values({
        stageId, departmentId: alpha.id, title: `Goal ${key}`, description: "A goal with a long enough description.", metricName: "NPS", metricUnit: "points",
        baseline: "0", target: "100", direction: "increase", startDate: "2024-01-10", dueDate: "2024-12-31", ownerId: alpha.head.id, objectiveId: objective!.id,
        budget: "0", people: 1, status: "active", createdAt: t("2024-01-10T09:00:00Z"), updatedAt: t("2024-01-10T09:00:00Z"), ...over,
      })
      .returning();
    return r!.id;
  };
  g = {
    onTrack: await goal("on track", s1, {}),
    replayed: await goal("replayed", s1, { status: "achieved", updatedAt: t("2024-04-10T00:00:00Z") }),
    unknown: await goal("unknown", s2, { updatedAt: t("2024-05-01T00:00:00Z") }),
    later: await goal("later", s2, { createdAt: t("2024-03-20T00:00:00Z"), updatedAt: t("2024-03-20T00:00:00Z") }),
    cancelled: await goal("cancelled", s2, { status: "cancelled", statusReason: "No longer pursued.", updatedAt: t("2024-02-01T00:00:00Z") }),
  };
  const snapshot = { stageId: s1, departmentId: alpha.id, title: "Goal replayed", description: "A goal with a long enough description.", metricName: "NPS", metricUnit: "points", baseline: "0", target: "100", direction: "increase", startDate: "2024-01-10", dueDate: "2024-12-31", ownerId: alpha.head.id, objectiveId: objective!.id, budget: "0", people: 1, resourcesNote: "", status: "draft", statusReason: null };
  await db().insert(auditEvents).values([
    { actorId: alpha.head.id, action: "goal.created", entityType: "goal", entityId: g.replayed, after: snapshot, createdAt: t("2024-01-10T09:00:00Z") },
    { actorId: alpha.head.id, action: "goal.status_changed", entityType: "goal", entityId: g.replayed, before: { status: "draft" }, after: { status: "active", statusReason: null }, createdAt: t("2024-01-11T09:00:00Z") },
    { actorId: alpha.head.id, action: "goal.status_changed", entityType: "goal", entityId: g.replayed, before: { status: "active" }, after: { status: "achieved", statusReason: null }, createdAt: t("2024-04-10T00:00:00Z") },
  ]);

  const checkIn = (goalId: string, value: string, measuredOn: string, createdAt: string, correctedAt: string | null = null) => ({
    id: crypto.randomUUID(), goalId, value, confidence: "high" as const, note: "", measuredOn, authorId: alpha.head.id, createdAt: t(createdAt), correctedAt: correctedAt ? t(correctedAt) : null,
  });
  const corrected = checkIn(g.onTrack, "5", "2024-03-10", "2024-03-10T12:00:00Z", "2024-03-30T00:00:00Z");
  await db().insert(checkIns).values([
    checkIn(g.onTrack, "20", "2024-03-01", "2024-03-01T12:00:00Z"),
    corrected, // read 18 on the day; corrected to 5 on 30 March
    checkIn(g.onTrack, "1", "2024-03-14", "2024-03-18T12:00:00Z"), // measured by the day, but recorded after it
    checkIn(g.onTrack, "90", "2024-03-20", "2024-03-20T12:00:00Z"),
  ]);
  await db().insert(auditEvents).values({
    actorId: alpha.head.id, action: "check_in.corrected", entityType: "check_in", entityId: corrected.id,
    before: { goalId: g.onTrack, value: "18", confidence: "high", note: "", measuredOn: "2024-03-10" },
    after: { goalId: g.onTrack, value: "5", confidence: "high", note: "", measuredOn: "2024-03-10" }, createdAt: t("2024-03-30T00:00:00Z"),
  });
});

describe("the journey board as of a past day", () => {
  it("shows the stages that existed then, with the owners and R/C/I of that evening", async () => {
    const board = await getJourneyBoard({ journeyId, asOf: DAY });
    expect(board.asOf).toBe(DAY);
    expect(board.stages.map((s) => s.id)).toEqual([s1, s2, s4]);
    const [one, two, four] = board.stages;
    expect(one!.accountable).toMatchObject({ departmentId: alpha.id, personId: alpha.head.id, since: t("2024-01-05T00:00:00Z") });
    expect(one!.raci.map((r) => [r.departmentId, r.raci])).toEqual([[beta.id, "informed"], [gamma.id, "responsible"]]);
    expect(one!.archivedSince).toBeNull();
    expect(four).toMatchObject({ accountable: { departmentId: gamma.id }, archivedSince: t("2024-04-01T00:00:00Z") });
    // The handoff pending and the dispute open that day.
    expect(two!.pendingHandoff).toMatchObject({ toDepartmentId: gamma.id });
    expect(two!.flags).toEqual(["handoff_pending", "disputed"]);

    const today = await getJourneyBoard({ journeyId });
    expect(today.stages.map((s) => s.id)).toEqual([s1, s2, s3]);
    expect(today.stages[0]!.accountable).toMatchObject({ departmentId: beta.id });
    expect(today.stages[0]!.raci.map((r) => [r.departmentId, r.raci])).toEqual([[gamma.id, "responsible"]]);
    expect(today.stages[1]!.flags).toEqual([]);
    // Today, as a day, is what the board shows now.
    expect((await getJourneyBoard({ journeyId, asOf: todayIn(await getTimeZone()) })).stages.map((s) => [s.id, s.accountable?.departmentId ?? null, s.raci])).toEqual(
      today.stages.map((s) => [s.id, s.accountable?.departmentId ?? null, s.raci]),
    );
  });

  it("shows the goals open then with the health their check-ins gave them by that day, and counts those whose past is unknown", async () => {
    const { summary, leftOut } = await goalSummaryAsOf([s1, s2, s3, s4], DAY, asOfInstant(DAY, await getTimeZone()));
    // On track: 18 of 100 on 15 March against 18% expected; the replayed goal was active then, without check-ins.
    expect(summary.get(s1)).toEqual({ stageId: s1, open: 2, counts: { on_track: 1, no_data: 1 }, stale: 1 });
    expect(summary.has(s2)).toBe(false);
    expect(leftOut).toBe(1);
    // Today the first goal is overdue at 90 and the replayed one achieved (closed).
    expect((await goalSummaryByStage([s1])).get(s1)).toMatchObject({ open: 1, counts: { overdue: 1 } });
    // On 1 March the latest check-in was that day's 20 (20% against 14% expected).
    expect((await goalSummaryAsOf([s1], "2024-03-01", asOfInstant("2024-03-01", await getTimeZone()))).summary.get(s1)).toMatchObject({ open: 2, counts: { on_track: 1, no_data: 1 } });
    // Before any goal was set.
    expect(await goalSummaryAsOf([s1, s2], "2024-01-09", asOfInstant("2024-01-09", await getTimeZone()))).toEqual({ summary: new Map(), leftOut: 0 });
  });

  it("refuses a day still to come, and a day that is not a date, with a message", async () => {
    const tomorrow = todayIn(await getTimeZone(), new Date(Date.now() + 86_400_000));
    const refusal = async (asOf: string) => {
      try {
        await getJourneyBoard({ journeyId, asOf });
      } catch (e) {
        return e as DomainError;
      }
      throw new Error("expected a refusal");
    };
    const future = await refusal(tomorrow);
    expect(future).toBeInstanceOf(DomainError);
    expect(future).toMatchObject({ kind: "invalid", fieldErrors: { asOf: ["Choose today or an earlier day."] } });
    expect(future.message).toContain(`${tomorrow} is in the future`);
    expect(await refusal("2024-02-30")).toMatchObject({ kind: "invalid", fieldErrors: { asOf: ["Choose a day, written YYYY-MM-DD."] } });
  });
});
