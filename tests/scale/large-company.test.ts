import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, useDatabase } from "@/db/client";
import { DEFAULT_SIZES, seedLarge, type SeedResult } from "@/db/seed/large";
import type { Actor } from "@/lib/auth/current-user";
import { listDecisions, listDisputes } from "@/lib/disputes/queries";
import { checkInsCsv, decisionsCsv, goalsCsv } from "@/lib/exports";
import { listFollowUpsPage } from "@/lib/follow-ups/queries";
import { followUpFilterSchema } from "@/lib/follow-ups/schemas";
import { GOAL_HEALTH_FILTERS, listGoals, listGoalsPage } from "@/lib/goals/queries";
import type { Page, Paging } from "@/lib/pagination";
import { listUsers } from "@/lib/users/queries";
import { userFilterSchema } from "@/lib/users/schemas";
import { streamCsv } from "../helpers/csv";
import { openTestDatabase, rows, usingPostgres } from "../helpers/db";

// The large generated company at full size (db/seed/large.ts: 5,000 goals, 250,000 check-ins,
// 2,000 disputes, 1,000 users, 1,000,000 customer signals): every list is complete and every export has exactly one line
// per row. PostgreSQL only: seeding it set-based takes seconds there, minutes on PGlite (the
// integration suite runs the same checks on both databases a little above the old caps).
let handle: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
let seeded: SeedResult;
const viewer = { id: "00000000-0000-4000-8000-000000000000", email: "scale@example.test", name: "Scale", role: "executive", departmentId: null, departmentName: null } satisfies Actor;
const admin: Actor = { ...viewer, role: "admin" };

beforeAll(async () => {
  if (!usingPostgres) throw new Error('The scale suite needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project "scale").');
  handle = await openTestDatabase();
  seeded = await seedLarge({ url: handle.url!, log: () => {} });
  useDatabase(handle);
});
afterAll(async () => {
  await closeDb();
  await handle?.drop();
});

const db = () => handle!.db;
const idsOf = async (q: ReturnType<typeof sql>) => (await rows<{ id: string }>(db(), q)).map((r) => r.id).sort();

async function allPages<T>(get: (paging: Paging) => Promise<Page<T>>, perPage: number): Promise<Page<T>[]> {
  const first = await get({ page: 1, perPage });
  const pages = [first];
  for (let page = 2; page <= first.pages; page++) pages.push(await get({ page, perPage }));
  return pages;
}

function expectComplete<T extends { id: string }>(pages: Page<T>[], expected: string[], perPage: number) {
  const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
  expect(new Set(ids).size, "no row on two pages").toBe(ids.length);
  expect([...ids].sort()).toEqual(expected);
  expect(new Set(pages.map((p) => p.total))).toEqual(new Set([expected.length]));
  expect(pages).toHaveLength(Math.max(1, Math.ceil(expected.length / perPage)));
}

describe("the large company's exports", () => {
  it("is the company the benchmark uses", () => {
    expect(seeded.counts).toMatchObject({ goals: DEFAULT_SIZES.goals, "check-ins": DEFAULT_SIZES.checkins, disputes: DEFAULT_SIZES.disputes });
  });

  it("goals.csv has exactly one row per goal: 5,000", async () => {
    const ids: string[] = [];
    let header: string[] | null = null;
    await streamCsv(goalsCsv(viewer, {}), (row) => {
      if (!header) header = row;
      else ids.push(row[header.indexOf("goal_id")]!);
    });
    expect(ids).toHaveLength(5000);
    expect(ids.sort()).toEqual(await idsOf(sql`select id from goals`));
  });

  it("the check-ins export has all 250,000 check-ins, each goal's all there", async () => {
    const perGoal = new Map<string, number>();
    let header: string[] | null = null;
    let lines = 0;
    const bytes = await streamCsv(checkInsCsv(viewer, {}), (row) => {
      if (!header) return void (header = row);
      lines++;
      const goal = row[header.indexOf("goal_id")]!;
      perGoal.set(goal, (perGoal.get(goal) ?? 0) + 1);
    });
    expect(lines).toBe(250_000);
    expect(bytes).toBeGreaterThan(250_000 * 50);
    const inDb = await rows<{ id: string; n: number }>(db(), sql`select goal_id as id, count(*)::int as n from check_ins group by goal_id`);
    expect(perGoal).toEqual(new Map(inDb.map((r) => [r.id, Number(r.n)])));
  });

  it("decisions.csv has exactly one row per decision", async () => {
    const outcomes: string[] = [];
    let first = true;
    await streamCsv(decisionsCsv(viewer, {}), (row) => (first ? (first = false) : void outcomes.push(row[0]!)));
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from decisions`) as [{ n: number }];
    expect(outcomes).toHaveLength(Number(n));
    expect(Number(n)).toBeGreaterThan(1000);
  });
});

describe("the large company's lists", () => {
  it("the goals list: 5,000 goals on 50 pages of 100, each once; health totals add up and match the rules", async () => {
    const pages = await allPages((paging) => listGoalsPage({ actor: viewer, filter: { status: "all" }, paging }), 100);
    expectComplete(pages, await idsOf(sql`select id from goals`), 100);
    const all = await listGoals({ status: "all" });
    expect(all).toHaveLength(5000);
    let withHealth = 0;
    // Page by page for each filter is the integration suite's job (tests/integration/complete-lists);
    // here each filter's total and its last page are checked against the rules, goal by goal.
    for (const health of GOAL_HEALTH_FILTERS) {
      const expected = new Set(all.filter((g) => (health === "stale" ? g.stale : g.health === health)).map((g) => g.id));
      const last = await listGoalsPage({ actor: viewer, filter: { status: "all", health }, paging: { page: 1_000, perPage: 100 } });
      expect({ health, total: last.total, pages: last.pages }).toEqual({ health, total: expected.size, pages: Math.max(1, Math.ceil(expected.size / 100)) });
      expect(last.rows).toHaveLength(expected.size - (last.pages - 1) * 100);
      expect(last.rows.every((g) => expected.has(g.id))).toBe(true);
      if (health !== "stale") withHealth += expected.size;
    }
    // Every goal has one health, or none (draft, missed, cancelled): the filters partition the list.
    expect(withHealth + all.filter((g) => g.health === null).length).toBe(5000);
  });

  it("disputes, decisions and users: every row on exactly one page", async () => {
    expectComplete(await allPages((paging) => listDisputes({ actor: viewer, filter: { status: "all" }, paging }), 100), await idsOf(sql`select id from disputes`), 100);
    expectComplete(await allPages((paging) => listDecisions({ actor: viewer, filter: {}, paging }), 100), await idsOf(sql`select id from decisions`), 100);
    expectComplete(await allPages((paging) => listUsers({ actor: admin, filter: userFilterSchema.parse({}), paging }), 100), await idsOf(sql`select id from users`), 100);
  });
});

describe("the large company's dashboard", () => {
  it("draws the department × journey map as a heat map of a few elements, every cell of the matrix in it", async () => {
    const { getDashboard } = await import("@/lib/dashboard/queries");
    const { heatmapData } = await import("@/lib/dashboard/heatmap");
    const { DepartmentHeatmap } = await import("@/components/dashboard/department-heatmap");
    const { createElement } = await import("react");
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { matrix } = await getDashboard({});
    const data = heatmapData(matrix);
    const [counts] = await rows<{ journeys: number; departments: number }>(db(), sql`
      select count(distinct s.journey_id)::int as journeys, count(distinct a.department_id)::int as departments
      from ownership_assignments a join stages s on s.id = a.stage_id and not s.archived join journeys j on j.id = s.journey_id and j.status <> 'archived'
      join departments d on d.id = a.department_id and not d.archived where a.valid_to is null`);
    const { journeys, departments } = counts!;
    expect({ journeys: data.journeys.length, departments: data.departments.length }).toEqual({ journeys, departments });
    // Every accountable count is in the departments' totals.
    expect(data.totals.reduce((n, [a]) => n + a, 0)).toBe(matrix.reduce((n, c) => n + c.accountable, 0));
    const html = renderToStaticMarkup(createElement(DepartmentHeatmap, { data }));
    const elements = (html.match(/<[a-z]/g) ?? []).length;
    // Names, totals and a path per shade: in proportion to journeys + departments, not their product.
    expect(elements).toBeLessThan(2 * (journeys + 2 * departments) + 30);
  });
});

describe("the large company's customer signals (1,000,000 over 18 months)", () => {
  it("the per-stage-and-day aggregates hold every signal, negative and NPS split exactly as the rows say", async () => {
    const [raw] = await rows<{ signals: number; negative: number; promoters: number; detractors: number; score_sum: string }>(db(), sql`
      select count(*)::int as signals, count(*) filter (where signal_is_negative(scale, score))::int as negative,
        count(*) filter (where scale = 'nps' and score >= 9)::int as promoters, count(*) filter (where scale = 'nps' and score <= 6)::int as detractors,
        coalesce(sum(score), 0)::text as score_sum
      from customer_signals`);
    const [agg] = await rows<{ signals: number; negative: number; promoters: number; detractors: number; score_sum: string }>(db(), sql`
      select sum(signals)::int as signals, sum(negative)::int as negative, sum(promoters)::int as promoters, sum(detractors)::int as detractors, sum(score_sum)::text as score_sum
      from signal_daily`);
    expect(raw!.signals).toBe(DEFAULT_SIZES.signals);
    expect(agg).toEqual(raw);
    expect(raw!.negative).toBeGreaterThan(0);
  });

  it("the follow-up inbox lists every open follow-up on exactly one page", async () => {
    const cco: Actor = { ...viewer, role: "cco" };
    expectComplete(
      await allPages((paging) => listFollowUpsPage({ actor: cco, filter: followUpFilterSchema.parse({}), paging }), 100),
      await idsOf(sql`select id from follow_ups where status <> 'closed'`),
      100,
    );
  });

  it("ranks every stage with negative signals in the window by pain, counted from the aggregates as the rows say", async () => {
    const { customerPain, PAIN_WINDOW_DAYS } = await import("@/lib/dashboard/pain");
    const pain = await customerPain({}, "UTC");
    const ranked = pain.rows.map((r) => r.negative);
    expect(ranked.length).toBeGreaterThan(0);
    expect([...ranked].sort((a, b) => b - a)).toEqual(ranked);
    const top = pain.rows[0]!;
    const [raw] = await rows<{ negative: number }>(db(), sql`
      select count(*)::int as negative from customer_signals
      where stage_id = ${top.stageId} and signal_is_negative(scale, score)
        and (received_at at time zone 'UTC')::date >= (now() at time zone 'UTC')::date - ${PAIN_WINDOW_DAYS - 1}::int`);
    expect(top.negative).toBe(raw!.negative);
  });
});
