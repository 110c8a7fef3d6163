import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as auditRoute } from "@/app/api/export/audit.csv/route";
import { auditEvents } from "@/db/schema";
import { AUDIT_ACTION_LABELS } from "@/lib/audit/labels";
import { resolveAuditNames } from "@/lib/audit/names";
import { presentAuditEvent } from "@/lib/audit/present";
import { listAuditEvents, parseAuditFilter, type AuditRow } from "@/lib/audit/queries";
import { auditCsv } from "@/lib/exports";
import { assignOwnership, proposeHandoff, respondToHandoff } from "@/lib/ownership/commands";
import { pagingSchema } from "@/lib/pagination";
import { can, ROLES } from "@/lib/permissions";
import { todayIn } from "@/lib/time";
import { csvRecords, parseCsv } from "../helpers/csv";
import { rows, useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, makeHeadedDepartment, makeJourney, type HeadedDepartment } from "../helpers/ownership-fixtures";
import { signInAs } from "../helpers/session";

const db = useTestDatabase();

let cast: Awaited<ReturnType<typeof makeCast>>;
let sales: HeadedDepartment;
let support: HeadedDepartment;
let journeyId: string;
let delivery: string;
let other: string;

beforeAll(async () => {
  cast = await makeCast(db());
  sales = await makeHeadedDepartment(db(), "Sales");
  support = await makeHeadedDepartment(db(), "Support");
  const made = await makeJourney(cast.actors.cco, 2, "Onboarding");
  journeyId = made.journeyId;
  [delivery, other] = made.stageIds as [string, string];
  await assignOwnership({ actor: cast.actors.cco, input: assignInput(delivery, sales) });
  await assignOwnership({ actor: cast.actors.cco, input: assignInput(other, sales) });
  const { handoffId } = await proposeHandoff({ actor: sales.head, input: { stageId: delivery, toDepartmentId: support.id, note: "They deliver it", goalDisposition: "move", force: false } });
  await respondToHandoff({ actor: support.head, handoffId, response: "accept", reason: "" });
  // Noise newer than everything above, so a filter applied after paging would miss the events.
  const later = Date.now() + 3_600_000;
  await db().insert(auditEvents).values(Array.from({ length: 120 }, (_, i) => ({ actorId: cast.users.admin.id, action: "user.invite_issued" as const, entityType: "user" as const, entityId: cast.users.member.id, createdAt: new Date(later + i) })));
});

const list = (f: Record<string, string>) => {
  const { filter } = parseAuditFilter(f);
  return listAuditEvents({ actor: cast.actors.admin, filter, paging: pagingSchema.parse(f) });
};
const actions = (rs: AuditRow[]) => rs.map((r) => r.action);
const count = async (where: ReturnType<typeof sql>) => (await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where ${where}`))[0]!.n;

describe("audit log filters, applied in SQL before paging", () => {
  it("one entity: everything that happened to the Delivery stage, its handoffs included, and nothing else", async () => {
    const page = await list({ entityType: "stage", entityId: delivery });
    expect(actions(page.rows).reverse()).toEqual(["stage.created", "ownership.assigned", "handoff.proposed", "handoff.accepted", "ownership.handed_off"]);
    expect(page.total).toBe(5);
    expect(page.rows.every((r) => r.entityId === delivery || r.entityType === "handoff")).toBe(true);
    const journey = await list({ entityType: "journey", entityId: journeyId });
    expect(actions(journey.rows)).toEqual(["journey.created"]);
  });

  it("by action, with the total of every page and pages that hold only matching events", async () => {
    const page = await list({ action: "ownership.assigned", perPage: "1" });
    expect(page.total).toBe(await count(sql`action = 'ownership.assigned'`));
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.pages).toBe(page.total);
    expect(actions(page.rows)).toEqual(["ownership.assigned"]);
    const all = await list({ action: "ownership.assigned" });
    expect(all.rows.map((r) => r.entityId).sort()).toEqual([delivery, other].sort());
    const noise = await list({ action: "user.invite_issued" });
    expect([noise.total, noise.rows.length, noise.pages]).toEqual([120, 50, 3]);
  });

  it("by department: its members' events, events about it and events whose payload names it", async () => {
    const bySupport = await list({ departmentId: support.id });
    const mine = bySupport.rows.filter((r) => r.entityId === delivery || r.entityType === "handoff");
    // The offer names Support as receiver, its head accepted, the handed-off stage lists it.
    expect(actions(mine).sort()).toEqual(["handoff.accepted", "handoff.proposed", "ownership.handed_off"]);
    expect(actions(bySupport.rows)).not.toContain("ownership.assigned");
    expect(bySupport.total).toBe(bySupport.rows.length);
    const bySales = await list({ departmentId: sales.id, action: "ownership.assigned" });
    expect(bySales.rows.map((r) => r.entityId).sort()).toEqual([delivery, other].sort());
    expect(bySales.total).toBe(2);
    // The department filter narrows before paging: 120 newer events by the admin never crowd it out.
    expect((await list({ departmentId: sales.id, perPage: "2" })).rows.every((r) => r.action !== "user.invite_issued")).toBe(true);
  });

  it("by date (whole days in the company's zone) together with the other filters", async () => {
    await db().insert(auditEvents).values([
      { actorId: sales.head.id, action: "dispute.commented", entityType: "dispute", after: { comment: "a" }, createdAt: new Date("2021-03-01T10:00:00Z") },
      { actorId: sales.head.id, action: "dispute.commented", entityType: "dispute", after: { comment: "b" }, createdAt: new Date("2021-03-02T10:00:00Z") },
      { actorId: support.head.id, action: "dispute.commented", entityType: "dispute", after: { comment: "c" }, createdAt: new Date("2021-03-01T11:00:00Z") },
    ]);
    expect((await list({ from: "2021-03-01", to: "2021-03-01" })).total).toBe(2);
    expect((await list({ from: "2021-03-01", to: "2021-03-02", departmentId: sales.id })).total).toBe(2);
    expect((await list({ from: "2021-03-01", to: "2021-03-01", departmentId: sales.id, action: "dispute.commented" })).total).toBe(1);
    expect((await list({ to: "2021-03-01", action: "ownership.assigned" })).total).toBe(0);
  });

  it("has the indexes the action and department filters use (migration 0013)", async () => {
    const found = await rows<{ indexname: string }>(db(), sql`select indexname from pg_indexes where tablename = 'audit_events' and indexname in ('audit_action_idx', 'audit_before_gin_idx', 'audit_after_gin_idx') order by indexname`);
    expect(found.map((r) => r.indexname)).toEqual(["audit_action_idx", "audit_after_gin_idx", "audit_before_gin_idx"]);
  });

  it("names the filters it ignores instead of failing", async () => {
    const parsed = parseAuditFilter({ action: "robot.fly", departmentId: "sales", entityId: "abc", from: "2021-02-30", actorId: "", page: "x" });
    expect(parsed.filter).toEqual({});
    expect(parsed.ignored.map((f) => f.name)).toEqual(["entityId", "action", "departmentId", "from"]);
    expect(parsed.ignored.find((f) => f.name === "from")?.problem).toMatch(/calendar date/);
    expect(parseAuditFilter({ entityType: "stage", entityId: delivery, action: ["ownership.assigned", "x"] })).toEqual({ filter: { entityType: "stage", entityId: delivery, action: "ownership.assigned" }, ignored: [] });
    await expect(list({ action: "robot.fly", departmentId: "sales", entityType: "stage", entityId: "'; drop table users; --" })).resolves.toMatchObject({ total: expect.any(Number) });
  });
});

describe("names", () => {
  it("resolves every id a page refers to, with links", async () => {
    const page = await list({ entityType: "stage", entityId: delivery });
    const names = await resolveAuditNames(page.rows);
    const handedOff = page.rows.find((r) => r.action === "ownership.handed_off")!;
    const p = presentAuditEvent(handedOff, names);
    expect(p.sentence).toBe(`${support.head.name} handed Stage 1 from Sales (Head of Sales) to Support (Head of Support)`);
    expect(p.entity).toEqual({ type: "Stage", name: "Stage 1", href: `/journeys/${journeyId}/stages/${delivery}` });
    const proposed = presentAuditEvent(page.rows.find((r) => r.action === "handoff.proposed")!, names);
    expect(proposed.entity).toEqual({ type: "Handoff", name: "Stage 1", href: `/journeys/${journeyId}/stages/${delivery}` });
    expect(proposed.changes).toContainEqual({ field: "To", before: null, after: "Support" });
    for (const r of page.rows) expect(JSON.stringify(presentAuditEvent(r, names))).not.toMatch(/unknown/);
  });
});

describe("CSV export of the filtered log", () => {
  it("every matching event, newest first, readable, across keyset batches", async () => {
    const exp = auditCsv(cast.actors.executive, parseAuditFilter({ entityType: "stage", entityId: delivery }).filter, { batchSize: 2 });
    expect(exp.filename).toBe(`throughline-audit-${todayIn("UTC")}.csv`);
    const records = await csvRecords(exp);
    expect(Object.keys(records[0]!)).toEqual(["time (UTC)", "actor", "action", "summary", "entity_type", "entity", "changes", "reason", "event_id"]);
    const page = await list({ entityType: "stage", entityId: delivery });
    expect(records.map((r) => Number(r.event_id))).toEqual(page.rows.map((r) => r.id));
    expect(records.map((r) => r.action)).toEqual(page.rows.map((r) => AUDIT_ACTION_LABELS[r.action]));
    const handedOff = records[0]!;
    expect(handedOff).toMatchObject({
      actor: support.head.name,
      action: "Stage handed off",
      entity_type: "Stage",
      entity: "Stage 1",
      changes: "Ownership: Accountable: Sales (Head of Sales) → Accountable: Support (Head of Support)",
    });
    expect(handedOff["time (UTC)"]).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
    expect(JSON.stringify(records)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("applies the action and department filters as the page does", async () => {
    const records = await csvRecords(auditCsv(cast.actors.admin, parseAuditFilter({ departmentId: sales.id, action: "ownership.assigned" }).filter));
    expect(records.map((r) => r.entity).sort()).toEqual(["Stage 1", "Stage 2"]);
  });

  it("is allowed exactly to the roles that may read the audit log, through the route too", async () => {
    for (const role of ROLES) {
      if (can(role, "audit.read")) expect(() => auditCsv(cast.actors[role], {})).not.toThrow();
      else expect(() => auditCsv(cast.actors[role], {})).toThrow(expect.objectContaining({ kind: "forbidden" }));
    }
    const url = `http://localhost/api/export/audit.csv?entityType=stage&entityId=${delivery}&action=nonsense`;
    signInAs(null);
    expect((await auditRoute(new Request(url))).status).toBe(401);
    for (const role of ROLES) {
      signInAs(cast.actors[role]);
      const res = await auditRoute(new Request(url));
      expect(res.status, role).toBe(can(role, "audit.read") ? 200 : 403);
      const text = new TextDecoder().decode(await res.arrayBuffer());
      if (res.ok) expect(parseCsv(text).length).toBe(6);
      else expect(text).not.toContain("Stage 1");
    }
    signInAs(null);
  });
});
