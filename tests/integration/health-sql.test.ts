import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { departments, journeys, objectives, stages, users } from "@/db/schema";
import { healthCaseSql, progressSql } from "@/lib/dashboard/health-sql";
import { goalHealth, HEALTH_THRESHOLDS, type HealthInput } from "@/lib/goals/rules";
import { rows, useTestDatabase } from "../helpers/db";
import { insertGoalsWithCheckIns } from "../helpers/goal-rows";

// healthCaseSql (the database's health, used to aggregate) must give exactly what goalHealth
// (the JavaScript, used everywhere else) gives: same float8 arithmetic, same thresholds.
const db = useTestDatabase();
const ref = { stageId: crypto.randomUUID(), departmentId: crypto.randomUUID(), ownerId: crypto.randomUUID(), objectiveId: crypto.randomUUID() };
beforeAll(async () => {
  const journeyId = crypto.randomUUID();
  await db().insert(departments).values({ id: ref.departmentId, name: "Health dept" });
  await db().insert(users).values({ id: ref.ownerId, email: "health@example.test", name: "Owner", role: "head", departmentId: ref.departmentId });
  await db().insert(journeys).values({ id: journeyId, name: "Health journey", status: "active" });
  await db().insert(stages).values({ id: ref.stageId, journeyId, position: 1, name: "Health stage" });
  await db().insert(objectives).values({ id: ref.objectiveId, title: "Health objective", periodStart: "2020-01-01", periodEnd: "2030-12-31" });
});

const DAY = 86_400_000;
const EPOCH = Date.UTC(2024, 0, 1);
const isoDay = (n: number) => new Date(EPOCH + n * DAY).toISOString().slice(0, 10);
const MICRO = 1_000_000n;
/** A decimal written as the app stores it (at most 6 decimals), from an amount in millionths. */
function dec(micro: bigint): string {
  const abs = micro < 0n ? -micro : micro;
  const frac = (abs % MICRO).toString().padStart(6, "0").replace(/0+$/, "");
  return `${micro < 0n ? "-" : ""}${abs / MICRO}${frac ? `.${frac}` : ""}`;
}
type Spec = HealthInput & { direction: "increase" | "decrease" };

/** Inserts the goals (one statement, plus one for their check-ins) and asks the database for each one's health on each day. */
async function healthInDb(specs: Spec[], todays: string[]): Promise<(string | null)[][]> {
  const batch = `batch ${crypto.randomUUID()}`;
  const ids = specs.map(() => crypto.randomUUID());
  for (let i = 0; i < specs.length; i += 500) {
    const withData = specs.slice(i, i + 500).flatMap((s, j) => (s.latestValue === null ? [] : [{ goalId: ids[i + j]!, value: s.latestValue, confidence: "high" as const, measuredOn: s.startDate, authorId: ref.ownerId }]));
    await insertGoalsWithCheckIns(
      db(),
      specs.slice(i, i + 500).map((s, j) => ({
        ...ref, id: ids[i + j]!, title: batch, description: "d", metricName: "m", metricUnit: "u", baseline: s.baseline, target: s.target,
        direction: s.direction, startDate: s.startDate, dueDate: s.dueDate, budget: "0", people: 0, status: s.status,
      })),
      withData,
    );
  }
  return Promise.all(
    todays.map(async (today) => {
      // Both forms: progress worked out in each branch, and once per goal in a lateral subquery
      // as the dashboard does; they must agree everywhere, the thresholds included.
      const got = await rows<{ id: string; health: string | null; once: string | null }>(db(), sql`
        select g.id, ${healthCaseSql(today)} as health, ${healthCaseSql(today, "g", sql`p.progress`)} as once
        from (select g.*, ci.value as latest from goals g left join check_ins ci on ci.goal_id = g.id where g.title = ${batch}) g
        cross join lateral (select ${progressSql()} as progress offset 0) p`);
      const byId = new Map(got.map((r) => [r.id, r.health]));
      expect(byId.size).toBe(specs.length);
      expect(got.filter((r) => r.once !== r.health)).toEqual([]);
      return ids.map((id) => byId.get(id)!);
    }),
  );
}

async function expectSqlMatchesJs(specs: Spec[], todays: string[]) {
  const inDb = await healthInDb(specs, todays);
  todays.forEach((today, t) =>
    specs.forEach((s, i) => {
      const js = goalHealth(s, today).health;
      if (inDb[t]![i] !== js) expect({ ...s, today, sql: inDb[t]![i] }).toEqual({ ...s, today, sql: js });
    }),
  );
}

// Random goals: any status, baseline and target in the right order for their direction, dates
// around the days asked about, and a latest value anywhere from well below baseline to past target.
const amount = fc.oneof(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 20n }));
const goalArb = fc
  .record({
    status: fc.constantFrom("draft", "active", "active", "active", "active", "achieved", "missed", "cancelled") as fc.Arbitrary<Spec["status"]>,
    base: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
    delta: amount,
    decrease: fc.boolean(),
    share: fc.option(fc.integer({ min: -500, max: 1500 }), { nil: null }),
    wild: fc.option(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), { freq: 8, nil: null }),
    start: fc.integer({ min: 0, max: 600 }),
    span: fc.integer({ min: 1, max: 400 }),
  })
  .map((g): Spec => {
    const sign = g.decrease ? -1n : 1n;
    const latest = g.wild ?? (g.share === null ? null : g.base + (sign * g.delta * BigInt(g.share)) / 1000n);
    return { status: g.status, direction: g.decrease ? "decrease" : "increase", baseline: dec(g.base), target: dec(g.base + sign * g.delta), startDate: isoDay(g.start), dueDate: isoDay(g.start + g.span), latestValue: latest === null ? null : dec(latest) };
  })
  // The SMART check refuses a target that is the baseline as a JavaScript number (15+ digits can round together).
  .filter((s) => Number(s.target) !== Number(s.baseline));

/**
 * Goals on the edges: today `k` days into a `d`-day goal (so expected = k/d, before the start
 * and after the due date too), and the latest value exactly `tolerance` behind expected, on
 * the target, or one millionth either side of those.
 */
function boundaryGoal(d: number, k: number, edge: "expected" | "onTrack" | "atRisk" | "target", nudge: -1n | 0n | 1n, decrease: boolean, base: bigint, today: number): Spec {
  const range = BigInt(100 * d); // 100 units per day: every edge below is a whole number of units
  const along = { expected: BigInt(100 * k), onTrack: BigInt(Math.round(100 * k - HEALTH_THRESHOLDS.onTrackTolerance * 100 * d)), atRisk: BigInt(Math.round(100 * k - HEALTH_THRESHOLDS.atRiskTolerance * 100 * d)), target: range }[edge];
  const sign = decrease ? -1n : 1n;
  return { status: "active", direction: decrease ? "decrease" : "increase", baseline: dec(base), target: dec(base + sign * range * MICRO), startDate: isoDay(today - k), dueDate: isoDay(today - k + d), latestValue: dec(base + sign * (along * MICRO + nudge)) };
}
const EDGES = ["expected", "onTrack", "atRisk", "target"] as const;

describe("healthCaseSql equals goalHealth", () => {
  it("on every edge of the thresholds and of the dates", async () => {
    const today = 400;
    const specs = [];
    for (let d = 1; d <= 10; d++)
      for (let k = -1; k <= d + 1; k++)
        for (const edge of EDGES) for (const nudge of [-1n, 0n, 1n] as const) for (const decrease of [false, true]) specs.push(boundaryGoal(d, k, edge, nudge, decrease, decrease ? 7_250_000n : -3_500_000n, today));
    // The edges are really hit: behind by exactly a tolerance in float8, and every health.
    const behind = specs.map((s) => goalHealth(s, isoDay(today))).map((h) => h.expected - h.progress!);
    expect(behind).toContain(HEALTH_THRESHOLDS.onTrackTolerance);
    expect(behind).toContain(HEALTH_THRESHOLDS.atRiskTolerance);
    expect(new Set(specs.map((s) => goalHealth(s, isoDay(today)).health))).toEqual(new Set(["on_track", "at_risk", "off_track", "overdue", "achieved"]));
    await expectSqlMatchesJs(specs, [isoDay(today)]);
  });

  it("on random goals, statuses and days (a few hundred goals a run)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(goalArb, { minLength: 200, maxLength: 300 }),
        fc.array(fc.record({ d: fc.integer({ min: 1, max: 60 }), k: fc.integer({ min: -2, max: 62 }), edge: fc.constantFrom(...EDGES), nudge: fc.constantFrom(-1n, 0n, 1n) as fc.Arbitrary<-1n | 0n | 1n>, decrease: fc.boolean(), base: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }) }), { minLength: 50, maxLength: 100 }),
        fc.array(fc.integer({ min: -10, max: 1010 }), { minLength: 2, maxLength: 3 }),
        async (random, edges, days) => {
          const today = days[0]!;
          const specs = [...random, ...edges.map((e) => boundaryGoal(e.d, Math.min(e.k, e.d + 2), e.edge, e.nudge, e.decrease, e.base, today))];
          await expectSqlMatchesJs(specs, days.map(isoDay));
        },
      ),
      // A failure names the goal and the day itself; shrinking through the database would only be slow.
      { numRuns: 8, endOnFailure: true },
    );
    // No data, draft, missed and cancelled goals were in the mix too.
    const sample = fc.sample(goalArb, 500);
    expect(new Set(sample.map((s) => s.status)).size).toBe(5);
    expect(sample.some((s) => s.latestValue === null)).toBe(true);
  });
});
