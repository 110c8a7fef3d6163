import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/current-user";
import { listDecisions, listDisputes } from "@/lib/disputes/queries";
import { checkInsCsv, decisionsCsv, goalsCsv } from "@/lib/exports";
import { GOAL_HEALTH_FILTERS, listGoals, listGoalsPage } from "@/lib/goals/queries";
import type { Page, Paging } from "@/lib/pagination";
import { listUsers } from "@/lib/users/queries";
import { userFilterSchema } from "@/lib/users/schemas";
import { seedBulkCompany } from "../helpers/bulk-company";
import { csvRecords } from "../helpers/csv";
import { rows, useTestDatabase } from "../helpers/db";
import { actorOf, makeUser } from "../helpers/factories";

// Lists and exports above the old caps (2,000 goals; 500 disputes, decisions and users), on
// PGlite and PostgreSQL: every row is on exactly one page, totals are right, health is
// filtered before paging, and each export has exactly one line per row. The full-size
// company (5,000 goals, 250,000 check-ins) runs in tests/scale, on PostgreSQL.
const db = useTestDatabase();
const tag = crypto.randomBytes(3).toString("hex");
const SIZES = { goals: 2100, disputes: 600, users: 510 };
let viewer: Actor;
let admin: Actor;
let departmentId: string;

beforeAll(async () => {
  ({ departmentId } = await seedBulkCompany(db(), SIZES, tag));
  viewer = actorOf(await makeUser(db(), { role: "executive", withPassword: false }));
  admin = actorOf(await makeUser(db(), { role: "admin", withPassword: false }));
});

/** Every page of a list, following the page count the first page gives. */
async function allPages<T>(get: (paging: Paging) => Promise<Page<T>>, perPage: number): Promise<Page<T>[]> {
  const first = await get({ page: 1, perPage });
  const rest = await Promise.all(Array.from({ length: first.pages - 1 }, (_, i) => get({ page: i + 2, perPage })));
  return [first, ...rest];
}

/** The pages hold `expected` exactly: each row on one page only, full pages but the last, the same total on each. */
function expectComplete<T extends { id: string }>(pages: Page<T>[], expected: string[], perPage: number) {
  const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
  expect(new Set(ids).size, "no row on two pages").toBe(ids.length);
  expect([...ids].sort()).toEqual([...expected].sort());
  expect(pages.map((p) => p.total)).toEqual(pages.map(() => expected.length));
  expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
  expect(pages.length).toBe(Math.max(1, Math.ceil(expected.length / perPage)));
  pages.slice(0, -1).forEach((p) => expect(p.rows).toHaveLength(perPage));
  return ids;
}

const idsOf = async (q: ReturnType<typeof sql>) => (await rows<{ id: string }>(db(), q)).map((r) => r.id);

describe("the goals list, above the old cap of 2,000", () => {
  it("pages through all 2,100 goals, in the list's order", async () => {
    const expected = await idsOf(sql`select id from goals where department_id = ${departmentId}`);
    expect(expected).toHaveLength(2100);
    const filter = { departmentId, status: "all" as const };
    const pages = await allPages((paging) => listGoalsPage({ actor: viewer, filter, paging }), 100);
    const ids = expectComplete(pages, expected, 100);
    expect(ids).toEqual((await listGoals(filter)).map((g) => g.id));
    // An old link past the end shows the last page, not an empty one.
    expect(await listGoalsPage({ actor: viewer, filter, paging: { page: 99, perPage: 100 } })).toMatchObject({ page: 21, pages: 21, total: 2100 });
  });

  it("filters health in SQL before paging: each filter's pages hold exactly the goals the rules give that health", async () => {
    const all = await listGoals({ departmentId, status: "all" });
    // By construction (tests/helpers/bulk-company.ts): 420 goals of each kind; half of the achieved kind are drafts.
    const counts: Record<(typeof GOAL_HEALTH_FILTERS)[number], number> = { no_data: 420, on_track: 420, at_risk: 420, off_track: 420, achieved: 210, overdue: 0, stale: 420 };
    for (const health of GOAL_HEALTH_FILTERS) {
      const expected = all.filter((g) => (health === "stale" ? g.stale : g.health === health)).map((g) => g.id);
      expect(expected, health).toHaveLength(counts[health]);
      const pages = await allPages((paging) => listGoalsPage({ actor: viewer, filter: { departmentId, status: "all", health }, paging }), 100);
      expectComplete(pages, expected, 100);
      expect(pages.flatMap((p) => p.rows).every((g) => (health === "stale" ? g.stale : g.health === health)), health).toBe(true);
    }
  });
});

describe("the goals and check-ins exports, above the old cap", () => {
  it("goals.csv has exactly one row per goal, whatever the batch size", async () => {
    const expected = (await idsOf(sql`select id from goals where department_id = ${departmentId}`)).sort();
    for (const batchSize of [1000, 333]) {
      const lines = await csvRecords(goalsCsv(viewer, { departmentId }, { batchSize }));
      expect(lines.map((l) => l.goal_id).sort(), `batches of ${batchSize}`).toEqual(expected);
    }
    const offTrack = await csvRecords(goalsCsv(viewer, { departmentId, health: "off_track" }));
    expect(offTrack).toHaveLength(420);
    expect(new Set(offTrack.map((l) => l.health))).toEqual(new Set(["Off track"]));
  });

  it("the check-ins export has every check-in of the filtered goals, once", async () => {
    const perGoal = new Map((await rows<{ id: string; n: number }>(db(), sql`
      select g.id, count(ci.id)::int as n from goals g join check_ins ci on ci.goal_id = g.id where g.department_id = ${departmentId} group by g.id`)).map((r) => [r.id, Number(r.n)]));
    expect([...perGoal.values()].reduce((a, b) => a + b, 0)).toBe(3360);
    // 333 splits the two check-ins of some goals across batches; the pair shares one created_at.
    for (const batchSize of [1000, 333]) {
      const lines = await csvRecords(checkInsCsv(viewer, { departmentId }, { batchSize }));
      expect(lines).toHaveLength(3360);
      const seen = new Map<string, number>();
      for (const l of lines) seen.set(l.goal_id!, (seen.get(l.goal_id!) ?? 0) + 1);
      expect(seen).toEqual(perGoal);
    }
    const offTrack = await csvRecords(checkInsCsv(viewer, { departmentId, health: "off_track" }));
    expect(offTrack).toHaveLength(840);
    expect(offTrack.filter((l) => l.note === "'=latest").map((l) => l.value)).toEqual(Array(420).fill("5"));
  });
});

describe("disputes and decisions, above the old cap of 500", () => {
  it("the decision log pages through all 540 decisions; decisions.csv has each once, even a few microseconds apart", async () => {
    const expected = await idsOf(sql`select x.id from decisions x join disputes d on d.id = x.dispute_id where d.raised_by_department_id = ${departmentId}`);
    expect(expected).toHaveLength(540);
    const pages = await allPages((paging) => listDecisions({ actor: viewer, filter: {}, paging }), 50);
    expectComplete(pages, expected, 50);
    const outcomes = (await rows<{ outcome: string }>(db(), sql`select outcome from decisions`)).map((r) => r.outcome).sort();
    for (const batchSize of [1000, 7]) {
      const lines = await csvRecords(decisionsCsv(viewer, {}, { batchSize }));
      expect(lines.map((l) => l.outcome).sort(), `batches of ${batchSize}`).toEqual(outcomes);
    }
  });

  it("the disputes list pages through all 600, and counts the overdue among all of them", async () => {
    const expected = await idsOf(sql`select id from disputes where raised_by_department_id = ${departmentId}`);
    const pages = await allPages((paging) => listDisputes({ actor: viewer, filter: { status: "all" }, paging }), 100);
    expectComplete(pages, expected, 100);
    const active = await listDisputes({ actor: viewer, filter: { status: "active" }, paging: { page: 2, perPage: 50 } });
    expect(active).toMatchObject({ total: 60, page: 2, pages: 2, overdue: 60 });
    expect(active.rows).toHaveLength(10);
  });
});

describe("the users list, above the old cap of 500", () => {
  it("pages through every user", async () => {
    const expected = await idsOf(sql`select id from users`);
    expect(expected.length).toBeGreaterThan(510);
    const pages = await allPages((paging) => listUsers({ actor: admin, filter: userFilterSchema.parse({}), paging }), 50);
    expectComplete(pages, expected, 50);
  });
});
