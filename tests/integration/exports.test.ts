import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as checkInsRoute } from "@/app/api/export/check-ins.csv/route";
import { GET as decisionsRoute } from "@/app/api/export/decisions.csv/route";
import { GET as goalsRoute } from "@/app/api/export/goals.csv/route";
import { GET as raciRoute } from "@/app/api/export/raci.csv/route";
import { checkIns, decisions, departments, disputeParties, disputes, goals, journeys, objectives, ownershipAssignments, stages, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { checkInsCsv, decisionsCsv, goalsCsv, raciCsv } from "@/lib/exports";
import { csvResponse, toCsv } from "@/lib/exports/csv";
import { todayIn } from "@/lib/time";
import { csvRecords, csvRows, parseCsv } from "../helpers/csv";
import { useTestDatabase } from "../helpers/db";
import { actorOf, makeUser } from "../helpers/factories";
import { signInAs } from "../helpers/session";

const db = useTestDatabase();

describe("toCsv and csvResponse", () => {
  it("quotes commas, quotes and line breaks, and reads back exactly", () => {
    const cells = ["plain", "a, b", 'say "hi"', "two\nlines", "cr\rhere", "", 42, -1.5, null, undefined];
    const body = toCsv(["h1", "h,2"], [cells]);
    expect(body).toBe('h1,"h,2"\r\nplain,"a, b","say ""hi""","two\nlines","cr\rhere",,42,-1.5,,\r\n');
    expect(parseCsv(body)).toEqual([["h1", "h,2"], ["plain", "a, b", 'say "hi"', "two\nlines", "cr\rhere", "", "42", "-1.5", "", ""]]);
  });

  it("neutralises cells a spreadsheet would run as a formula, but not negative numbers", () => {
    const risky = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=y", '=HYPERLINK("http://x.test","click")', "-", "-7", "-0.25", "a=b"];
    const [, row] = parseCsv(toCsv(["x"], [risky]));
    expect(row).toEqual(["'=1+2", "'+SUM(A1)", "'-2+3", "'@cmd", "'\t=x", "'\r=y", `'=HYPERLINK("http://x.test","click")`, "'-", "-7", "-0.25", "a=b"]);
  });

  it("a download: CSV type, attachment name, a byte-order mark for spreadsheets, never cached", async () => {
    const res = csvResponse("report.csv", "a\r\n");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="report.csv"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(new Uint8Array(await res.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});

// ── A small company for the builders ──────────────────────────────────────────────────────
const ids = new Map<string, string>();
const id = (k: string) => ids.get(k) ?? ids.set(k, crypto.randomUUID()).get(k)!;
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const SINCE = new Date("2025-03-04T05:06:07.000Z");
let exec: Actor;

beforeAll(async () => {
  const d = db();
  await d.insert(departments).values([{ id: id("ops"), name: "Ops, Delivery" }, { id: id("sales"), name: 'Sales "Direct"' }, { id: id("care"), name: "Care" }, { id: id("fin"), name: "Finance" }]);
  await d.insert(users).values([{ id: id("ana"), email: "ana@example.test", name: "Ana Ops", role: "head", departmentId: id("ops") }, { id: id("sam"), email: "sam@example.test", name: "Sam Sales", role: "head", departmentId: id("sales") }]);
  exec = actorOf(await makeUser(d, { role: "executive", withPassword: false }));
  await d.insert(journeys).values([{ id: id("j1"), name: "Tip, then fan", status: "active" }, { id: id("j2"), name: "Renewal", status: "draft" }, { id: id("j3"), name: "Old journey", status: "archived" }]);
  await d.insert(stages).values([
    { id: id("s1"), journeyId: id("j1"), position: 1, name: "Hears about us" },
    { id: id("s2"), journeyId: id("j1"), position: 2, name: "=cmd|' /C calc'!A0" },
    { id: id("s3"), journeyId: id("j1"), position: 3, name: "Archived stage", archived: true },
    { id: id("s4"), journeyId: id("j2"), position: 1, name: "Renewal call" },
    { id: id("s5"), journeyId: id("j3"), position: 1, name: "Stage of an archived journey" },
  ]);
  const a = (stage: string, dep: string, raci: "accountable" | "responsible" | "consulted" | "informed", person?: string, validTo?: Date) => ({ stageId: id(stage), departmentId: id(dep), personId: person ? id(person) : null, raci, source: "assigned" as const, validFrom: SINCE, validTo: validTo ?? null });
  await d.insert(ownershipAssignments).values([
    a("s1", "ops", "accountable", "ana"), a("s1", "sales", "responsible"), a("s1", "care", "consulted"), a("s1", "fin", "informed"),
    a("s2", "sales", "accountable", "sam", new Date("2025-04-01T00:00:00Z")), // ended: the stage has no owner now
    a("s3", "ops", "accountable", "ana"), a("s4", "sales", "accountable", "sam"), a("s5", "ops", "accountable", "ana"),
  ]);
  await d.insert(objectives).values({ id: id("obj"), title: "Grow, \"fast\"", periodStart: "2020-01-01", periodEnd: "2035-12-31" });
  const goal = (key: string, stage: string, dep: string, title: string, over: Partial<typeof goals.$inferInsert> = {}) => ({ id: id(key), stageId: id(stage), departmentId: id(dep), title, description: "d", metricName: "NPS", metricUnit: "points", baseline: "-5", target: "95", direction: "increase" as const, startDate: day(-30), dueDate: day(30), ownerId: id("ana"), objectiveId: id("obj"), budget: "0", people: 1, status: "active" as const, ...over });
  await d.insert(goals).values([
    goal("g1", "s1", "ops", "Faster replies, \"really\"\nfor everyone"), // 40 of 100 → 45% while 50% is expected: on track
    goal("g2", "s1", "ops", "=2+3 off track"), // 5% → off track
    goal("g3", "s4", "sales", "No data yet"), // started 30 days ago without a check-in: stale
    goal("g4", "s4", "sales", "Done already", { status: "achieved" }),
    goal("g5", "s1", "ops", "Draft goal", { status: "draft" }),
  ]);
  await d.insert(checkIns).values([{ goalId: id("g1"), value: "40", confidence: "high", measuredOn: day(-2), authorId: id("ana") }, { goalId: id("g2"), value: "0", confidence: "low", measuredOn: day(-1), authorId: id("ana") }]);
  const decidedAt = new Date("2025-05-06T07:08:09.000Z");
  await d.insert(disputes).values([
    { id: id("d1"), kind: "ownership", stageId: id("s1"), title: "Who owns, \"Hears about us\"?", description: "d", raisedById: id("sam"), status: "decided", openedAt: new Date("2025-05-01T00:00:00Z"), dueBy: new Date("2025-05-11T00:00:00Z"), closedAt: decidedAt },
    { id: id("d2"), kind: "standards", title: "Still open", description: "d", raisedById: id("sam"), status: "open", openedAt: new Date("2025-05-01T00:00:00Z"), dueBy: new Date("2025-05-11T00:00:00Z") },
  ]);
  await d.insert(disputeParties).values([{ disputeId: id("d1"), departmentId: id("sales") }, { disputeId: id("d1"), departmentId: id("ops") }, { disputeId: id("d2"), departmentId: id("care") }]);
  await d.insert(decisions).values({ id: id("dec1"), disputeId: id("d1"), outcome: "@SUM(1) Ops keeps it", rationale: "Ops runs it today,\nand \"well\".", decidedById: id("ana"), decidedAt, effectSummary: "Stage assigned to Ops, Delivery" });
});

const RACI_HEADER = ["journey", "stage_position", "stage", "department", "raci_role", "accountable_person", "since", "how"];
const iso = SINCE.toISOString();

describe("the RACI export", () => {
  it("one row per current role, in RACI order, and a NO OWNER row for a stage without one", async () => {
    const exp = raciCsv(exec, {});
    expect(exp.filename).toBe(`throughline-raci-${todayIn("UTC")}.csv`);
    // Journeys come in the order they were created (both were created together here), each
    // journey's stages in the customer's order and each stage's roles in RACI order.
    const [header, ...rows] = await csvRows(exp);
    expect([header, ...rows.sort((a, b) => a[0]!.localeCompare(b[0]!))]).toEqual([
      RACI_HEADER,
      ["Renewal", "1", "Renewal call", 'Sales "Direct"', "accountable", "Sam Sales", iso, "assigned"],
      ["Tip, then fan", "1", "Hears about us", "Ops, Delivery", "accountable", "Ana Ops", iso, "assigned"],
      ["Tip, then fan", "1", "Hears about us", 'Sales "Direct"', "responsible", "", iso, "assigned"],
      ["Tip, then fan", "1", "Hears about us", "Care", "consulted", "", iso, "assigned"],
      ["Tip, then fan", "1", "Hears about us", "Finance", "informed", "", iso, "assigned"],
      ["Tip, then fan", "2", "'=cmd|' /C calc'!A0", "", "NO OWNER", "", "", ""],
    ]);
  });

  it("filtered by journey or department", async () => {
    expect((await csvRows(raciCsv(exec, { journeyId: id("j2") }))).slice(1).map((r) => r[2])).toEqual(["Renewal call"]);
    const sales = (await csvRows(raciCsv(exec, { departmentId: id("sales") }))).slice(1);
    expect(sales.map((r) => [r[2], r[4]]).sort()).toEqual([["Hears about us", "responsible"], ["Renewal call", "accountable"]]);
  });
});

describe("the goals export", () => {
  it("every goal with its computed health, progress and staleness; text is quoted and neutralised", async () => {
    const exp = goalsCsv(exec, {});
    expect(exp.filename).toBe(`throughline-goals-${todayIn("UTC")}.csv`);
    const [header, ...rows] = await csvRows(exp);
    expect(header).toEqual(["journey", "stage", "department", "goal", "owner", "objective", "metric", "unit", "direction", "baseline", "target", "latest_value", "last_check_in", "progress_pct", "expected_pct", "health", "stale", "status", "start_date", "due_date", "goal_id"]);
    const byGoal = Object.fromEntries(rows.map((r) => [r[3], Object.fromEntries(header!.map((h, i) => [h, r[i]]))]));
    expect(Object.keys(byGoal).sort()).toEqual(["'=2+3 off track", "Done already", "Draft goal", 'Faster replies, "really"\nfor everyone', "No data yet"]);
    expect(byGoal['Faster replies, "really"\nfor everyone']).toEqual({
      journey: "Tip, then fan", stage: "Hears about us", department: "Ops, Delivery", goal: 'Faster replies, "really"\nfor everyone', owner: "Ana Ops", objective: 'Grow, "fast"', metric: "NPS", unit: "points",
      direction: "increase", baseline: "-5", target: "95", latest_value: "40", last_check_in: day(-2), progress_pct: "45", expected_pct: "50", health: "On track", stale: "no", status: "active", start_date: day(-30), due_date: day(30),
      goal_id: id("g1"),
    });
    expect(byGoal["'=2+3 off track"]).toMatchObject({ latest_value: "0", progress_pct: "5", health: "Off track", stale: "no" });
    expect(byGoal["No data yet"]).toMatchObject({ department: 'Sales "Direct"', latest_value: "", progress_pct: "", health: "No data", stale: "yes" });
    expect(byGoal["Done already"]).toMatchObject({ health: "Achieved", stale: "no", status: "achieved" });
    expect(byGoal["Draft goal"]).toMatchObject({ health: "", stale: "no", status: "draft" });
  });

  it("filtered by journey or department", async () => {
    expect((await csvRows(goalsCsv(exec, { journeyId: id("j2") }))).slice(1).map((r) => r[3]).sort()).toEqual(["Done already", "No data yet"]);
    expect((await csvRows(goalsCsv(exec, { departmentId: id("ops") }))).slice(1)).toHaveLength(3);
  });
});

describe("the check-ins export", () => {
  it("every check-in of the filtered goals, with its goal; the goals list's filters apply, health included", async () => {
    const exp = checkInsCsv(exec, {});
    expect(exp.filename).toBe(`throughline-check-ins-${todayIn("UTC")}.csv`);
    expect(exp.header).toEqual(["journey", "stage", "department", "goal", "metric", "unit", "measured_on", "value", "confidence", "note", "recorded_by", "recorded_at", "corrected_at", "goal_id"]);
    const lines = await csvRecords(exp);
    expect(lines.map((l) => [l.goal, l.measured_on, l.value, l.confidence, l.recorded_by, l.goal_id]).sort()).toEqual([
      ["'=2+3 off track", day(-1), "0", "low", "Ana Ops", id("g2")],
      ['Faster replies, "really"\nfor everyone', day(-2), "40", "high", "Ana Ops", id("g1")],
    ]);
    expect(lines[0]).toMatchObject({ journey: "Tip, then fan", stage: "Hears about us", department: "Ops, Delivery", metric: "NPS", unit: "points", corrected_at: "" });
    expect(lines[0]!.recorded_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect((await csvRecords(checkInsCsv(exec, { health: "off_track" }))).map((l) => l.goal_id)).toEqual([id("g2")]);
    expect(await csvRecords(checkInsCsv(exec, { departmentId: id("sales") }))).toEqual([]);
    expect(await csvRecords(checkInsCsv(exec, { status: "open" }))).toHaveLength(2);
  });
});

describe("the decisions export", () => {
  it("one row per decision with parties, rationale across lines, and formula-looking text neutralised", async () => {
    const exp = decisionsCsv(exec);
    expect(exp.filename).toBe(`throughline-decisions-${todayIn("UTC")}.csv`);
    expect(await csvRows(exp)).toEqual([
      ["decided_at", "decided_by", "dispute", "kind", "stage", "parties", "outcome", "rationale", "effect", "supersedes_decision", "superseded_by_decision"],
      ["2025-05-06T07:08:09.000Z", "Ana Ops", 'Who owns, "Hears about us"?', "ownership", "Hears about us", 'Ops, Delivery; Sales "Direct"', "'@SUM(1) Ops keeps it", 'Ops runs it today,\nand "well".', "Stage assigned to Ops, Delivery", "", ""],
    ]);
  });
});

describe("the download routes", () => {
  // Keeps the byte-order mark (a plain TextDecoder drops it) so the test can see it is sent.
  const textOf = async (res: Response) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  const routes = [
    ["raci", () => raciRoute(new Request("http://localhost/api/export/raci.csv"))],
    ["goals", () => goalsRoute(new Request("http://localhost/api/export/goals.csv"))],
    ["check-ins", () => checkInsRoute(new Request("http://localhost/api/export/check-ins.csv"))],
    ["decisions", () => decisionsRoute(new Request("http://localhost/api/export/decisions.csv"))],
  ] as const;

  it.each(routes)("%s: 401 with a message when signed out", async (_name, get) => {
    signInAs(null);
    const res = await get();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Sign in to download exports." });
  });

  it.each(routes)("%s: the CSV file when signed in", async (name, get) => {
    signInAs(exec);
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="throughline-${name}-${todayIn("UTC")}.csv"`);
    const text = await textOf(res);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(parseCsv(text.slice(1))[0]![0]).toBe(name === "decisions" ? "decided_at" : "journey");
    expect(parseCsv(text.slice(1)).length).toBeGreaterThan(1);
  });

  it("the filter comes from the query string; a malformed one is ignored, not a crash", async () => {
    signInAs(exec);
    const rowsOf = async (url: string) => parseCsv((await textOf(await raciRoute(new Request(url)))).slice(1)).slice(1);
    expect((await rowsOf(`http://localhost/api/export/raci.csv?journeyId=${id("j2")}`)).map((r) => r[2])).toEqual(["Renewal call"]);
    expect(await rowsOf("http://localhost/api/export/raci.csv?journeyId=not-a-uuid&departmentId=%27%3B")).toHaveLength(6);
    const goalsRes = await goalsRoute(new Request(`http://localhost/api/export/goals.csv?departmentId=${id("sales")}`));
    expect(parseCsv((await textOf(goalsRes)).slice(1)).slice(1).map((r) => r[3]).sort()).toEqual(["Done already", "No data yet"]);
    // The goals list's filters, as its export links send them; a status left out means every status.
    const listed = async (res: Response) => parseCsv((await textOf(res)).slice(1)).slice(1).map((r) => r[3]).sort();
    expect(await listed(await goalsRoute(new Request(`http://localhost/api/export/goals.csv?status=open&health=off_track&objectiveId=${id("obj")}`)))).toEqual(["'=2+3 off track"]);
    expect(await listed(await goalsRoute(new Request("http://localhost/api/export/goals.csv?status=draft")))).toEqual(["Draft goal"]);
    expect(await listed(await goalsRoute(new Request("http://localhost/api/export/goals.csv?health=bogus&status=bogus")))).toHaveLength(5);
    expect(await listed(await checkInsRoute(new Request("http://localhost/api/export/check-ins.csv?health=on_track")))).toEqual(['Faster replies, "really"\nfor everyone']);
  });
});
