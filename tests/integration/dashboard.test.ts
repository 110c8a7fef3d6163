import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { decisions, departments, disputeParties, disputes, journeys, objectives, ownershipAssignments, stages, users } from "@/db/schema";
import { getDashboard } from "@/lib/dashboard/queries";
import type { Health } from "@/lib/goals/rules";
import { todayIn } from "@/lib/time";
import { useTestDatabase } from "../helpers/db";
import { insertGoalsWithCheckIns } from "../helpers/goal-rows";

// A small company seeded row by row with backdated timestamps, then every figure of the
// dashboard is checked against a plain-TypeScript model of the same seed (no SQL involved).
const db = useTestDatabase();
const DAY = 86_400_000;
const NOW = new Date("2025-06-15T12:00:00.000Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const ids = new Map<string, string>();
const id = (key: string) => ids.get(key) ?? ids.set(key, crypto.randomUUID()).get(key)!;

type Dep = "M" | "S" | "C" | "L";
type J = "A" | "B" | "C";
const DEPS: Record<Dep, { name: string; archivedDays?: number }> = { M: { name: "Marketing" }, S: { name: "Sales" }, C: { name: "Service" }, L: { name: "Legacy", archivedDays: 10 } };
const JOURNEYS: Record<J, { name: string; status: "active" | "draft" | "archived" }> = { A: { name: "Alpha journey", status: "active" }, B: { name: "Beta journey", status: "draft" }, C: { name: "Closed journey", status: "archived" } };
const PEOPLE: Record<string, { dep: Dep; inactiveDays?: number }> = { headM: { dep: "M" }, headS: { dep: "S" }, headC: { dep: "C" }, headL: { dep: "L" }, olga: { dep: "S", inactiveDays: 20 } };
type StageSeed = { key: string; j: J; pos: number; created: number; archived?: true };
const STAGES: StageSeed[] = [
  { key: "A1", j: "A", pos: 1, created: 300 }, { key: "A2", j: "A", pos: 2, created: 300 }, { key: "A3", j: "A", pos: 3, created: 90 },
  { key: "A4", j: "A", pos: 4, created: 300 }, { key: "A5", j: "A", pos: 5, created: 300, archived: true },
  { key: "B1", j: "B", pos: 1, created: 200 }, { key: "B2", j: "B", pos: 2, created: 60 }, { key: "B3", j: "B", pos: 3, created: 200 },
  { key: "C1", j: "C", pos: 1, created: 300 },
];
type Raci = "accountable" | "responsible" | "consulted" | "informed";
type Assign = { stage: string; dep: Dep; raci: Raci; person?: string; from: number; to?: number };
const ASSIGN: Assign[] = [
  { stage: "A1", dep: "M", raci: "accountable", person: "headM", from: 200 }, { stage: "A1", dep: "S", raci: "responsible", from: 200 }, { stage: "A1", dep: "C", raci: "informed", from: 200 },
  { stage: "A2", dep: "S", raci: "accountable", person: "olga", from: 150 }, { stage: "A2", dep: "M", raci: "consulted", from: 150 },
  { stage: "A3", dep: "S", raci: "accountable", person: "headS", from: 85, to: 40 },
  { stage: "A4", dep: "L", raci: "accountable", person: "headL", from: 250 }, { stage: "A4", dep: "C", raci: "responsible", from: 250 },
  { stage: "A5", dep: "M", raci: "accountable", person: "headM", from: 100 },
  { stage: "B1", dep: "C", raci: "accountable", person: "headC", from: 100 }, { stage: "B1", dep: "M", raci: "responsible", from: 100 }, { stage: "B1", dep: "S", raci: "informed", from: 100, to: 50 },
  { stage: "B3", dep: "C", raci: "accountable", person: "headC", from: 100, to: 35 }, { stage: "B3", dep: "M", raci: "accountable", person: "headM", from: 35 }, { stage: "B3", dep: "S", raci: "consulted", from: 35 },
  { stage: "C1", dep: "M", raci: "accountable", person: "headM", from: 120 },
];
// Health and staleness on 2025-06-15 (stale after 14 days), worked out by hand. Goals running
// 2025-05-16 → 2025-07-15 are expected at 30/60 = 50% today.
type GoalSeed = { key: string; stage: string; dep: Dep; status: "draft" | "active" | "achieved" | "missed" | "cancelled"; base: string; target: string; start: string; due: string; checks: [string, string][]; health: Health | null; stale: boolean };
const g = (key: string, stage: string, dep: Dep, over: Partial<GoalSeed>): GoalSeed => ({ key, stage, dep, status: "active", base: "0", target: "100", start: "2025-05-16", due: "2025-07-15", checks: [], health: null, stale: false, ...over });
const GOALS: GoalSeed[] = [
  g("G1", "A1", "M", { checks: [["2025-06-10", "20"], ["2025-06-10", "45"]], health: "on_track" }), // same day: the later entry, 45% → 5 pts behind
  g("G2", "A1", "M", { checks: [["2025-05-20", "30"]], health: "at_risk", stale: true }), // 20 pts behind; 26 days without a check-in
  g("G3", "B1", "C", { checks: [["2025-06-14", "10"], ["2025-05-01", "60"]], health: "off_track" }), // latest by date, not by entry: 10%
  g("G4", "B3", "M", { start: "2025-01-01", due: "2025-06-01", checks: [["2025-05-25", "50"]], health: "overdue", stale: true }),
  g("G5", "A2", "S", { start: "2025-06-05", due: "2025-09-01", health: "no_data" }),
  g("G6", "B1", "C", { start: "2025-05-01", due: "2025-08-31", health: "no_data", stale: true }), // 45 days since the start
  g("G7", "A3", "S", { status: "achieved", start: "2025-01-01", due: "2025-05-01", checks: [["2025-04-01", "40"]], health: "achieved" }),
  g("G8", "B1", "C", { base: "50", target: "20", checks: [["2025-06-01", "18"]], health: "achieved" }), // decrease past the target; exactly 14 days: not stale
  g("G9", "A4", "C", { base: "10", target: "0", due: "2025-07-25", checks: [["2025-06-12", "12"]], health: "off_track" }), // moved the wrong way: −20%
  g("X1", "A1", "M", { status: "draft" }), g("X2", "B1", "C", { status: "missed", checks: [["2025-06-01", "5"]] }), g("X3", "A2", "S", { status: "cancelled" }),
  g("X4", "A5", "M", { checks: [["2025-06-01", "5"]], health: "off_track" }), g("X5", "C1", "M", { checks: [["2025-06-01", "5"]], health: "off_track" }), // archived stage / journey
];
type DisputeSeed = { key: string; stage?: string; parties: Dep[]; status: "open" | "under_review" | "decided" | "withdrawn"; opened: number; closed?: number };
const DISPUTES: DisputeSeed[] = [
  { key: "D1", stage: "A1", parties: ["M", "S"], status: "open", opened: 3 },
  { key: "D2", stage: "A3", parties: ["S", "C"], status: "open", opened: 25 },
  { key: "D3", stage: "B1", parties: ["M", "S"], status: "under_review", opened: 12 },
  { key: "D4", stage: "A2", parties: ["M", "S"], status: "decided", opened: 40, closed: 30 },
  { key: "D5", stage: "B2", parties: ["S", "C"], status: "decided", opened: 70, closed: 66.5 },
  { key: "D6", parties: ["M", "C", "S"], status: "decided", opened: 20, closed: 5 },
  { key: "D7", stage: "A1", parties: ["M", "S"], status: "decided", opened: 420, closed: 400 },
  { key: "D8", parties: ["M", "C"], status: "withdrawn", opened: 50, closed: 45 },
];
const SLA_DAYS = 10;

beforeAll(async () => {
  const d = db();
  await d.insert(departments).values(Object.entries(DEPS).map(([k, v]) => ({ id: id(k), name: v.name, archived: !!v.archivedDays, updatedAt: ago(v.archivedDays ?? 400) })));
  await d.insert(users).values(Object.entries(PEOPLE).map(([k, p]) => ({ id: id(k), email: `${k}@example.test`, name: k, role: "head" as const, departmentId: id(p.dep), active: !p.inactiveDays, updatedAt: ago(p.inactiveDays ?? 400) })));
  await d.insert(users).values({ id: id("cco"), email: "cco@example.test", name: "cco", role: "cco" });
  await d.insert(journeys).values(Object.entries(JOURNEYS).map(([k, j]) => ({ id: id(k), name: j.name, status: j.status })));
  await d.insert(stages).values(STAGES.map((s) => ({ id: id(s.key), journeyId: id(s.j), position: s.pos, name: `${s.key} stage`, archived: !!s.archived, createdAt: ago(s.created) })));
  await d.insert(ownershipAssignments).values(ASSIGN.map((a) => ({ stageId: id(a.stage), departmentId: id(a.dep), personId: a.person ? id(a.person) : null, raci: a.raci, source: "assigned" as const, validFrom: ago(a.from), validTo: a.to === undefined ? null : ago(a.to) })));
  await d.insert(objectives).values({ id: id("obj"), title: "Objective", periodStart: "2024-01-01", periodEnd: "2026-12-31" });
  await insertGoalsWithCheckIns(
    d,
    GOALS.map((x) => ({ id: id(x.key), stageId: id(x.stage), departmentId: id(x.dep), title: `Goal ${x.key}`, description: "d", metricName: "m", metricUnit: "u", baseline: x.base, target: x.target, direction: Number(x.target) > Number(x.base) ? ("increase" as const) : ("decrease" as const), startDate: x.start, dueDate: x.due, ownerId: id("headM"), objectiveId: id("obj"), budget: "0", people: 0, status: x.status })),
    // Entered in list order, one second apart, so a later entry wins a tie on the measured date.
    GOALS.flatMap((x) => x.checks.map(([on, value], i) => ({ goalId: id(x.key), value, confidence: "medium" as const, measuredOn: on, authorId: id("headM"), createdAt: new Date(ago(1).getTime() + i * 1000) }))),
  );
  await d.insert(disputes).values(DISPUTES.map((x) => ({ id: id(x.key), kind: x.stage ? ("ownership" as const) : ("standards" as const), stageId: x.stage ? id(x.stage) : null, title: x.key, description: "d", raisedById: id("cco"), status: x.status, openedAt: ago(x.opened), dueBy: ago(x.opened - SLA_DAYS), reviewerId: x.status === "under_review" ? id("cco") : null, closedAt: x.closed === undefined ? null : ago(x.closed), withdrawnReason: x.status === "withdrawn" ? "Settled between the heads." : null })));
  await d.insert(disputeParties).values(DISPUTES.flatMap((x) => x.parties.map((p) => ({ disputeId: id(x.key), departmentId: id(p) }))));
  await d.insert(decisions).values(DISPUTES.filter((x) => x.status === "decided").map((x) => ({ disputeId: id(x.key), outcome: "o", rationale: "r", decidedById: id("cco"), decidedAt: ago(x.closed!) })));
});

// ── The model: what each figure must be, from the seed alone ─────────────────────────────
type F = { j?: "A" | "B"; d?: Dep };
const stageOf = (key: string) => STAGES.find((s) => s.key === key)!;
const current = ASSIGN.filter((a) => a.to === undefined);
const accountable = (stage: string) => current.find((a) => a.stage === stage && a.raci === "accountable");
const live = (s: StageSeed, f: F) => !s.archived && s.j !== "C" && (!f.j || s.j === f.j);
const scope = (f: F) => STAGES.filter((s) => live(s, f) && (!f.d || current.some((a) => a.stage === s.key && a.dep === f.d)));
const activeOwner = (a: Assign | undefined) => !!a && !PEOPLE[a.person!]!.inactiveDays && !DEPS[a.dep].archivedDays;
const cmp = (...keys: (string | number)[][]) => keys.reduce((r, [a, b]) => r || (typeof a === "number" ? a - (b as number) : String(a).localeCompare(String(b))), 0);

function coverage(f: F) {
  const js = [...new Set(scope(f).map((s) => s.j))].sort((a, b) => cmp([JOURNEYS[a].name, JOURNEYS[b].name]));
  return js.map((j) => ({ journeyId: id(j), journeyName: JOURNEYS[j].name, stages: scope(f).filter((s) => s.j === j).length, owned: scope(f).filter((s) => s.j === j && activeOwner(accountable(s.key))).length }));
}
function needsOwner(f: F) {
  return scope(f)
    .filter((s) => !activeOwner(accountable(s.key)))
    .map((s) => {
      const a = accountable(s.key);
      const ended = ASSIGN.filter((x) => x.stage === s.key && x.raci === "accountable" && x.to !== undefined).map((x) => x.to!);
      const reason = !a ? "unowned" : PEOPLE[a.person!]!.inactiveDays ? "owner_inactive" : "department_archived";
      const sinceDays = !a ? (ended.length ? Math.min(...ended) : s.created) : (PEOPLE[a.person!]!.inactiveDays ?? DEPS[a.dep].archivedDays!);
      return { stageId: id(s.key), stageName: `${s.key} stage`, journeyId: id(s.j), journeyName: JOURNEYS[s.j].name, reason, sinceDays, pos: s.pos };
    })
    .sort((x, y) => cmp([y.sinceDays, x.sinceDays], [x.journeyName, y.journeyName], [x.pos, y.pos]))
    .map(({ pos: _p, ...r }) => r);
}
// Who owns what: an archived department holds nothing, and an orphaned stage (accountable
// person deactivated) is not its department's; it needs an owner instead.
const held = (a: Assign) => !DEPS[a.dep].archivedDays && (a.raci !== "accountable" || !PEOPLE[a.person!]!.inactiveDays);
function matrix(f: F) {
  const cells = new Map<string, { journeyId: string; journeyName: string; departmentId: string; departmentName: string } & Record<Raci, number>>();
  for (const a of current.filter((x) => held(x) && live(stageOf(x.stage), f) && (!f.d || x.dep === f.d))) {
    const j = stageOf(a.stage).j;
    const c = cells.get(j + a.dep) ?? { journeyId: id(j), journeyName: JOURNEYS[j].name, departmentId: id(a.dep), departmentName: DEPS[a.dep].name, accountable: 0, responsible: 0, consulted: 0, informed: 0 };
    c[a.raci]++;
    cells.set(j + a.dep, c);
  }
  return [...cells.values()].sort((x, y) => cmp([x.journeyName, y.journeyName], [x.departmentName, y.departmentName]));
}
const stageMatrix = (j: "A" | "B") =>
  STAGES.filter((s) => live(s, { j })).flatMap((s) => {
    const roles = current.filter((a) => a.stage === s.key && held(a)).map((a) => ({ departmentId: id(a.dep), raci: a.raci }));
    return (roles.length ? roles : [{ departmentId: null, raci: null }]).map((r) => ({ stageId: id(s.key), stageName: `${s.key} stage`, position: s.pos, ...r }));
  });
const goalsIn = (f: F) => GOALS.filter((x) => (x.status === "active" || x.status === "achieved") && live(stageOf(x.stage), f) && (!f.d || x.dep === f.d));
function health(f: F) {
  const out = new Map<string, { journeyId: string; journeyName: string; departmentId: string; departmentName: string; health: Health; goals: number; stale: number }>();
  for (const x of goalsIn(f)) {
    const j = stageOf(x.stage).j;
    const k = `${j}/${x.dep}/${x.health}`;
    const r = out.get(k) ?? { journeyId: id(j), journeyName: JOURNEYS[j].name, departmentId: id(x.dep), departmentName: DEPS[x.dep].name, health: x.health!, goals: 0, stale: 0 };
    r.goals++;
    r.stale += x.stale ? 1 : 0;
    out.set(k, r);
  }
  return [...out.values()];
}
const attention = (f: F) =>
  goalsIn(f)
    .filter((x) => x.health === "off_track" || x.health === "overdue" || x.stale)
    .map((x) => ({ id: id(x.key), title: `Goal ${x.key}`, stageName: `${x.stage} stage`, journeyId: id(stageOf(x.stage).j), departmentName: DEPS[x.dep].name, health: x.health, stale: x.stale, dueDate: x.due }))
    .sort((a, b) => cmp([Number(b.health === "off_track" || b.health === "overdue"), Number(a.health === "off_track" || a.health === "overdue")], [a.dueDate, b.dueDate]));
const latest = (x: GoalSeed) => x.checks.map((c, i) => ({ on: c[0], v: Number(c[1]), i })).sort((a, b) => cmp([b.on, a.on], [b.i, a.i]))[0];
function consistency(f: F) {
  const perStage = new Map<string, number[]>();
  for (const x of goalsIn(f).filter((y) => y.status === "active" && latest(y))) {
    const progress = (latest(x)!.v - Number(x.base)) / (Number(x.target) - Number(x.base));
    perStage.set(x.stage, [...(perStage.get(x.stage) ?? []), Math.min(1, Math.max(0, progress))]);
  }
  const att = [...perStage].map(([stage, v]) => ({ stage, j: stageOf(stage).j, att: v.reduce((a, b) => a + b, 0) / v.length }));
  return [...new Set(att.map((a) => a.j))]
    .map((j) => {
      const s = att.filter((a) => a.j === j).sort((a, b) => b.att - a.att);
      return { journeyId: id(j), journeyName: JOURNEYS[j].name, stagesMeasured: s.length, best: s[0]!.att, worst: s.at(-1)!.att, spread: s[0]!.att - s.at(-1)!.att, bestStage: `${s[0]!.stage} stage`, worstStage: `${s.at(-1)!.stage} stage` };
    })
    .sort((a, b) => b.spread - a.spread);
}
const disputesIn = (f: F) => DISPUTES.filter((x) => (!f.d || x.parties.includes(f.d)) && (!f.j || (x.stage && stageOf(x.stage).j === f.j)));
const YEAR_AGO = new Date("2024-06-15T12:00:00.000Z");
function disputeStats(f: F) {
  const all = disputesIn(f);
  const pending = all.filter((x) => x.status === "open" || x.status === "under_review");
  const decided = all.filter((x) => x.status === "decided" && ago(x.closed!) > YEAR_AGO).map((x) => x.opened - x.closed!).sort((a, b) => a - b);
  const mid = decided.length / 2;
  return {
    open: all.filter((x) => x.status === "open").length, underReview: all.filter((x) => x.status === "under_review").length,
    overdue: pending.filter((x) => x.opened > SLA_DAYS).length, withinSla: pending.filter((x) => x.opened <= SLA_DAYS).length, overdueOver7: pending.filter((x) => x.opened > SLA_DAYS + 7).length,
    decided12m: decided.length, medianDaysToDecision: decided.length ? (decided.length % 2 ? decided[Math.floor(mid)]! : (decided[mid - 1]! + decided[mid]!) / 2) : null,
    oldestOpenDays: pending.length ? Math.max(...pending.map((x) => x.opened)) : null,
  };
}
function hotSpots(f: F) {
  const pairs = new Map<string, { pair: string; disputes: number; open: number }>();
  for (const x of disputesIn(f))
    for (const a of x.parties)
      for (const b of x.parties.filter((p) => DEPS[p].name > DEPS[a].name)) {
        const r = pairs.get(a + b) ?? { pair: `${DEPS[a].name} ↔ ${DEPS[b].name}`, disputes: 0, open: 0 };
        r.disputes++;
        r.open += x.status === "open" || x.status === "under_review" ? 1 : 0;
        pairs.set(a + b, r);
      }
  // Ties in the order of the pair's names (the query's too), so the six shown are always the same six.
  return [...pairs.values()].sort((a, b) => cmp([b.disputes, a.disputes], [b.open, a.open]) || (a.pair < b.pair ? -1 : a.pair > b.pair ? 1 : 0)).slice(0, 6);
}
const MONTHS = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2024, 6 + i, 1))); // 2024-07 … 2025-06
const nextMonth = (m: Date) => new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1));
// Covered at `t`: an accountable assignment runs at t, by a person not yet deactivated, of a department not yet archived.
const covers = (a: Assign, t: Date) => ago(a.from) < t && (a.to === undefined || ago(a.to) >= t) && !(PEOPLE[a.person!]!.inactiveDays && ago(PEOPLE[a.person!]!.inactiveDays!) <= t) && !(DEPS[a.dep].archivedDays && ago(DEPS[a.dep].archivedDays!) <= t);
const trends = (f: F) =>
  MONTHS.map((m) => {
    const end = new Date(Math.min(nextMonth(m).getTime(), NOW.getTime()));
    const within = (t: Date) => t >= m && t < nextMonth(m);
    const alive = scope(f).filter((s) => ago(s.created) < end);
    return {
      month: m.toISOString().slice(0, 7),
      ownershipChanges: ASSIGN.filter((a) => a.raci === "accountable" && scope(f).some((s) => s.key === a.stage) && within(ago(a.from))).length,
      decisions: disputesIn(f).filter((x) => x.status === "decided" && within(ago(x.closed!))).length,
      coverage: alive.length ? alive.filter((s) => ASSIGN.some((a) => a.stage === s.key && a.raci === "accountable" && covers(a, end))).length / alive.length : null,
    };
  });

async function expectDashboardMatchesModel(f: F) {
  const data = await getDashboard({ journeyId: f.j && id(f.j), departmentId: f.d && id(f.d) }, NOW);
  const byKey = <T extends { journeyName: string; departmentName: string; health: string }>(r: T[]) => [...r].sort((a, b) => cmp([a.journeyName, b.journeyName], [a.departmentName, b.departmentName], [a.health, b.health]));
  const sortRows = <T extends { stageId: string; departmentId: string | null }>(r: T[]) => [...r].sort((a, b) => cmp([a.stageId, b.stageId], [a.departmentId ?? "", b.departmentId ?? ""]));
  expect(data).toMatchObject({ today: "2025-06-15", staleCheckInDays: 14, disputeSlaDays: SLA_DAYS });
  expect(data.coverage).toEqual(coverage(f));
  expect(data.needsOwner).toEqual(needsOwner(f));
  expect(data.matrix).toEqual(matrix(f));
  expect(sortRows(data.stageMatrix)).toEqual(f.j ? sortRows(stageMatrix(f.j)) : []);
  expect(byKey(data.health)).toEqual(byKey(health(f)));
  expect(data.attention).toEqual(attention(f));
  // Widest spread first; journeys with equal spreads may come in either order.
  expect(data.consistency.map((c) => c.spread)).toEqual(data.consistency.map((c) => c.spread).sort((a, b) => b - a));
  const byName = <T extends { journeyName: string }>(r: T[]) => [...r].sort((a, b) => cmp([a.journeyName, b.journeyName]));
  const cons = byName(consistency(f));
  const got = byName(data.consistency);
  expect(got.map(({ best: _b, worst: _w, spread: _s, ...r }) => r)).toEqual(cons.map(({ best: _b, worst: _w, spread: _s, ...r }) => r));
  cons.forEach((c, i) => (["best", "worst", "spread"] as const).forEach((k) => expect(got[i]![k], `${c.journeyName} ${k}`).toBeCloseTo(c[k], 12)));
  const ds = disputeStats(f);
  expect({ ...data.disputeStats, medianDaysToDecision: null, oldestOpenDays: null }).toEqual({ ...ds, medianDaysToDecision: null, oldestOpenDays: null });
  for (const k of ["medianDaysToDecision", "oldestOpenDays"] as const) {
    if (ds[k] === null) expect(data.disputeStats[k]).toBeNull();
    else expect(data.disputeStats[k]).toBeCloseTo(ds[k], 9);
  }
  expect(data.hotSpots.map((h) => ({ pair: [h.a, h.b].sort().join(" ↔ "), disputes: h.disputes, open: h.open }))).toEqual(hotSpots(f));
  const t = trends(f);
  expect(data.trends.map((r) => ({ ...r, coverage: r.coverage === null ? null : Number(r.coverage.toFixed(12)) }))).toEqual(t.map((r) => ({ ...r, coverage: r.coverage === null ? null : Number(r.coverage.toFixed(12)) })));
  return data;
}

describe("the dashboard figures, checked against the seed", () => {
  it("whole company: every figure, and the model agrees with the hand-worked headline numbers", async () => {
    const data = await expectDashboardMatchesModel({});
    // Hand-worked, so a mistake shared by the model and the SQL cannot hide.
    expect(data.coverage.map((c) => [c.journeyName, c.owned, c.stages])).toEqual([["Alpha journey", 1, 4], ["Beta journey", 2, 3]]);
    expect(data.needsOwner.map((n) => [n.stageName, n.reason, n.sinceDays])).toEqual([["B2 stage", "unowned", 60], ["A3 stage", "unowned", 40], ["A2 stage", "owner_inactive", 20], ["A4 stage", "department_archived", 10]]);
    expect(data.matrix.map((c) => `${c.journeyName[0]}/${c.departmentName} ${c.accountable}${c.responsible}${c.consulted}${c.informed}`)).toEqual(["A/Marketing 1010", "A/Sales 0100", "A/Service 0101", "B/Marketing 1100", "B/Sales 0010", "B/Service 1000"]);
    expect(data.health.map((h) => `${h.journeyName[0]}/${h.departmentName} ${h.health} ${h.goals}/${h.stale}`).sort()).toEqual(["A/Marketing at_risk 1/1", "A/Marketing on_track 1/0", "A/Sales achieved 1/0", "A/Sales no_data 1/0", "A/Service off_track 1/0", "B/Marketing overdue 1/1", "B/Service achieved 1/0", "B/Service no_data 1/1", "B/Service off_track 1/0"]);
    expect(data.attention.map((a) => a.title)).toEqual(["Goal G4", "Goal G3", "Goal G9", "Goal G2", "Goal G6"]);
    expect(data.consistency.map((c) => [c.journeyName, c.bestStage, c.worstStage, c.stagesMeasured, Math.round(c.spread * 1000)])).toEqual([["Alpha journey", "A1 stage", "A4 stage", 2, 375], ["Beta journey", "B1 stage", "B3 stage", 2, 50]]);
    expect(data.disputeStats).toEqual({ open: 2, underReview: 1, overdue: 2, withinSla: 1, overdueOver7: 1, decided12m: 3, medianDaysToDecision: 10, oldestOpenDays: 25 });
    expect(data.hotSpots.map((h) => [h.disputes, h.open])).toEqual([[5, 2], [3, 1], [2, 0]]);
    const trend: [string, number, number, number | null][] = [["2024-07", 0, 0, null], ["2024-08", 0, 0, 0], ["2024-10", 1, 0, 1 / 3], ["2024-11", 1, 0, 2 / 5], ["2025-01", 1, 0, 3 / 5], ["2025-03", 3, 0, 1], ["2025-04", 0, 1, 6 / 7], ["2025-05", 1, 1, 4 / 7]];
    for (const [month, changes, decided, cov] of trend) {
      const r = data.trends.find((t) => t.month === month)!;
      expect([r.ownershipChanges, r.decisions], month).toEqual([changes, decided]);
      if (cov === null) expect(r.coverage).toBeNull();
      else expect(r.coverage, month).toBeCloseTo(cov, 12);
    }
    // The current month's coverage is the headline's: 3 of 7 stages have an active owner.
    expect(data.trends.at(-1)!.coverage).toBeCloseTo(3 / 7, 12);
  });

  it.each<[string, F]>([
    ["journey Alpha", { j: "A" }],
    ["journey Beta (a draft)", { j: "B" }],
    ["department Sales", { d: "S" }],
    ["department Service", { d: "C" }],
    ["department Marketing within journey Beta", { d: "M", j: "B" }],
  ])("filtered by %s: every figure", async (_label, f) => {
    const data = await expectDashboardMatchesModel(f);
    expect(data.coverage.length + data.hotSpots.length).toBeGreaterThan(0);
  });

  it("an unknown journey or department shows an empty company, not an error", async () => {
    const data = await getDashboard({ journeyId: crypto.randomUUID(), departmentId: crypto.randomUUID() }, NOW);
    expect([data.coverage, data.needsOwner, data.matrix, data.stageMatrix, data.health, data.attention, data.consistency, data.hotSpots]).toEqual([[], [], [], [], [], [], [], []]);
    expect(data.disputeStats).toEqual({ open: 0, underReview: 0, overdue: 0, withinSla: 0, overdueOver7: 0, decided12m: 0, medianDaysToDecision: null, oldestOpenDays: null });
    expect(data.trends.map((t) => [t.ownershipChanges, t.decisions, t.coverage])).toEqual(Array(12).fill([0, 0, null]));
  });

  it("without a `now`, figures are taken at the current time", async () => {
    const data = await getDashboard({});
    expect(data.today).toBe(todayIn("UTC"));
    expect(data.trends.at(-1)!.month).toBe(new Date().toISOString().slice(0, 7));
    // Every pending dispute is long past its service level by now, and the oldest has aged.
    expect(data.disputeStats).toMatchObject({ overdue: 3, withinSla: 0, decided12m: 0 });
    expect(data.disputeStats.oldestOpenDays!).toBeCloseTo((Date.now() - ago(25).getTime()) / DAY, 1);
  });
});
