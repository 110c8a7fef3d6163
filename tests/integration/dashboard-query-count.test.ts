import crypto from "node:crypto";
import type { Logger } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openPostgres, openRuntimePglite, useDatabase, type Db } from "@/db/client";
import { decisions, departments, disputeParties, disputes, journeys, objectives, ownershipAssignments, stages, users } from "@/db/schema";
import { getDashboard, type DashboardFilter } from "@/lib/dashboard/queries";
import { openTestDatabase, usingPostgres } from "../helpers/db";
import { insertGoalsWithCheckIns } from "../helpers/goal-rows";

// getDashboard must run a fixed number of SQL statements whatever the size of the company:
// every figure is aggregated in the database, never fetched row by row.
const MAX_STATEMENTS = 12;

let counting = false;
const statements: string[] = [];
const logger: Logger = { logQuery: (query) => void (counting && statements.push(query)) };

let db: Db;
let drop: () => Promise<void> = async () => {};
beforeAll(async () => {
  if (usingPostgres) {
    // A fresh migrated database from the shared helper, reopened with the counting logger.
    const created = await openTestDatabase();
    await created.close();
    drop = created.drop;
    const handle = openPostgres(created.url!, 5, { logger });
    useDatabase(handle);
    db = handle.db;
  } else {
    const handle = await openRuntimePglite(undefined, { logger });
    useDatabase(handle);
    db = handle.db;
  }
});
afterAll(async () => {
  await closeDb();
  await drop();
});

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const isoAgo = (days: number) => ago(days).toISOString().slice(0, 10);
let units = 0;
const firstIds: { journeyId?: string; departmentId?: string } = {};

/** Adds `n` copies of a small company unit: 3 departments, 2 journeys of 4 stages, goals with check-ins, disputes. */
async function addUnits(n: number) {
  const u = Array.from({ length: n }, (_, i) => units + i);
  units += n;
  const key = (...parts: (string | number)[]) => parts.join("-");
  const ids = new Map<string, string>();
  const id = (k: string) => ids.get(k) ?? ids.set(k, crypto.randomUUID()).get(k)!;
  const deps = u.flatMap((x) => [0, 1, 2].map((d) => key(x, "dep", d)));
  await db.insert(departments).values(deps.map((k) => ({ id: id(k), name: `Dept ${k}` })));
  await db.insert(users).values(u.flatMap((x) => [0, 1, 2, 3].map((p) => ({ id: id(key(x, "user", p)), email: `${key(x, "user", p)}@example.test`, name: key(x, "user", p), role: "head" as const, departmentId: id(key(x, "dep", p % 3)), active: p !== 3 }))));
  await db.insert(journeys).values(u.flatMap((x) => [0, 1].map((j) => ({ id: id(key(x, "j", j)), name: `Journey ${key(x, j)}`, status: "active" as const }))));
  const stageKeys = u.flatMap((x) => [0, 1].flatMap((j) => [0, 1, 2, 3].map((s) => ({ x, j, s, k: key(x, "j", j, "s", s) }))));
  await db.insert(stages).values(stageKeys.map(({ x, j, s, k }) => ({ id: id(k), journeyId: id(key(x, "j", j)), position: s + 1, name: `Stage ${k}`, createdAt: ago(200) })));
  // Stage 0: department 0; stage 1: a deactivated person; stage 2: unowned since a handoff fell through; stage 3: department 1, department 2 responsible.
  await db.insert(ownershipAssignments).values(
    stageKeys.flatMap(({ x, s, k }) => {
      const a = (dep: number, person: number | null, raci: "accountable" | "responsible", from: number, to?: number) => ({ stageId: id(k), departmentId: id(key(x, "dep", dep)), personId: person === null ? null : id(key(x, "user", person)), raci, source: "assigned" as const, validFrom: ago(from), validTo: to ? ago(to) : null });
      return [[a(0, 0, "accountable", 150)], [a(0, 3, "accountable", 120)], [a(1, 1, "accountable", 150, 30)], [a(1, 1, "accountable", 90), a(2, null, "responsible", 90)]][s]!;
    }),
  );
  const objectiveId = crypto.randomUUID();
  await db.insert(objectives).values({ id: objectiveId, title: `Objective ${units}-${n}`, periodStart: "2020-01-01", periodEnd: "2035-12-31" });
  const goalKeys = stageKeys.flatMap(({ x, s, k }) => [0, 1].map((gi) => ({ x, s, gi, stage: k, k: key(k, "g", gi) })));
  await insertGoalsWithCheckIns(
    db,
    goalKeys.map(({ x, s, gi, stage, k }) => ({ id: id(k), stageId: id(stage), departmentId: id(key(x, "dep", s % 2)), title: `Goal ${k}`, description: "d", metricName: "m", metricUnit: "u", baseline: "0", target: "100", direction: "increase" as const, startDate: isoAgo(60), dueDate: isoAgo(gi ? -60 : 5), ownerId: id(key(x, "user", 0)), objectiveId, budget: "0", people: 0, status: s === 3 && gi ? ("achieved" as const) : ("active" as const) })),
    goalKeys.flatMap(({ x, s, gi, k }) => [40, 20, 5].map((days, i) => ({ goalId: id(k), value: String((s + 1) * (gi + 1) * (i + 1) * 4), confidence: "medium" as const, measuredOn: isoAgo(days), authorId: id(key(x, "user", 0)) }))),
  );
  const disputeKeys = u.flatMap((x) => (["open", "under_review", "decided"] as const).map((status, i) => ({ x, status, i, k: key(x, "d", i) })));
  await db.insert(disputes).values(disputeKeys.map(({ x, status, i, k }) => ({ id: id(k), kind: "ownership" as const, stageId: id(key(x, "j", 0, "s", i)), title: k, description: "d", raisedById: id(key(x, "user", 0)), status, openedAt: ago(20 + i), dueBy: ago(10 + i), reviewerId: status === "under_review" ? id(key(x, "user", 0)) : null, closedAt: status === "decided" ? ago(3) : null })));
  await db.insert(disputeParties).values(disputeKeys.flatMap(({ x, i, k }) => [i % 3, (i + 1) % 3].map((d) => ({ disputeId: id(k), departmentId: id(key(x, "dep", d)) }))));
  await db.insert(decisions).values(disputeKeys.filter((d) => d.status === "decided").map(({ x, k }) => ({ disputeId: id(k), outcome: "o", rationale: "r", decidedById: id(key(x, "user", 0)), decidedAt: ago(3) })));
  firstIds.journeyId ??= id(key(u[0]!, "j", 0));
  firstIds.departmentId ??= id(key(u[0]!, "dep", 1));
}

async function countStatements(filter: DashboardFilter) {
  statements.length = 0;
  counting = true;
  try {
    const data = await getDashboard(filter);
    return { data, count: statements.length };
  } finally {
    counting = false;
  }
}

const FILTERS: [string, () => DashboardFilter][] = [
  ["no filter", () => ({})],
  ["a journey", () => ({ journeyId: firstIds.journeyId })],
  ["a department", () => ({ departmentId: firstIds.departmentId })],
  ["a journey and a department", () => ({ ...firstIds })],
];

describe("getDashboard runs a fixed number of SQL statements", () => {
  it("the same count, within the bound, on a small company and on one ten times larger", async () => {
    await addUnits(1);
    const small = new Map<string, number>();
    for (const [label, filter] of FILTERS) {
      const { data, count } = await countStatements(filter());
      // The figures are real, so the count is not that of an empty answer.
      if (label === "no filter") {
        expect(data.coverage.reduce((a, c) => a + c.stages, 0)).toBe(8);
        expect(data.needsOwner).toHaveLength(4);
        expect(data.disputeStats).toMatchObject({ open: 1, underReview: 1, decided12m: 1 });
      }
      expect(count, `${label}: ${statements.join("\n---\n")}`).toBeLessThanOrEqual(MAX_STATEMENTS);
      small.set(label, count);
    }

    await addUnits(9);
    for (const [label, filter] of FILTERS) {
      const { data, count } = await countStatements(filter());
      if (label === "no filter") {
        expect(data.coverage.reduce((a, c) => a + c.stages, 0)).toBe(80);
        expect(data.needsOwner).toHaveLength(40);
        expect(data.matrix).toHaveLength(60);
        expect(data.disputeStats).toMatchObject({ open: 10, underReview: 10, decided12m: 10 });
        expect(data.hotSpots).toHaveLength(6);
      }
      expect(count, `${label} on the larger company`).toBe(small.get(label));
    }
    // The journey filter adds the stage matrix; no filter runs more than the bound.
    expect(small.get("a journey")).toBe(small.get("no filter")! + 1);
  });
});
