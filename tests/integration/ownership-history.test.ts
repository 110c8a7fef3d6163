import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, openPostgres, useDatabase, type Db, type DbHandle } from "@/db/client";
import { notifications, ownershipAssignments, stages } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { archiveDepartment } from "@/lib/departments/commands";
import { getJourneyBoard, listJourneys } from "@/lib/journeys/queries";
import { assignOwnership, proposeHandoff } from "@/lib/ownership/commands";
import { needsOwner } from "@/lib/ownership/rules";
import { setUserActive } from "@/lib/users/commands";
import { auditMark, auditSince } from "../helpers/audit";
import { openTestDatabase } from "../helpers/db";
import { makeCast, makeUser } from "../helpers/factories";
import { assignInput, handoffRow, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

// current-user (imported for its types by the commands) pulls in the Auth.js config, which
// imports "next/server" without an extension; no test here needs it.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

// "As of a day" means the end of that day in UTC, whatever the database session's time zone.
// This file runs every connection in New York time (UTC−5 in March) so that a query reading the
// day in the session's zone would show the wrong owner around midnight UTC.
const SESSION_TIME_ZONE = "America/New_York";
let handle: Awaited<ReturnType<typeof openTestDatabase>>;
let active: DbHandle;
const db = (): Db => active.db;
beforeAll(async () => {
  handle = await openTestDatabase();
  active = handle;
  if (handle.kind === "postgres") {
    const name = new URL(handle.url!).pathname.slice(1);
    // Only the database's owner may change its defaults; the runtime role cannot.
    await handle.asOwner((owner) => owner.execute(sql.raw(`alter database "${name}" set timezone to '${SESSION_TIME_ZONE}'`)));
    await handle.close(); // reopen so that every pooled connection starts with the new zone
    active = openPostgres(handle.url!, 20);
  } else {
    await handle.db.execute(sql.raw(`set timezone to '${SESSION_TIME_ZONE}'`));
  }
  useDatabase(active);
});
afterAll(async () => {
  await closeDb();
  await handle.drop();
});

let cast: Awaited<ReturnType<typeof makeCast>>;
let cco: Actor, admin: Actor;
let alpha: HeadedDepartment, beta: HeadedDepartment, gamma: HeadedDepartment;
let otherCco: { id: string }, retiredCco: { id: string };
beforeAll(async () => {
  cast = await makeCast(db());
  ({ cco, admin } = cast.actors);
  otherCco = await makeUser(db(), { role: "cco" });
  retiredCco = await makeUser(db(), { role: "cco", active: false });
  [alpha, beta, gamma] = [await makeHeadedDepartment(db(), `Alpha ${uniq()}`), await makeHeadedDepartment(db(), `Beta ${uniq()}`), await makeHeadedDepartment(db(), `Gamma ${uniq()}`)];
});

const inboxOf = (userId: string) => db().select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.createdAt));

describe("orphans (rule 7): never silent", () => {
  it("deactivating the accountable person flags the stage, audits stage.orphaned and notifies every active CCO", async () => {
    const { journeyId, stageIds: [s1, s2] } = await makeJourney(cco, 2);
    const person = await makeUser(db(), { role: "member", departmentId: alpha.id, name: `Pat ${uniq()}` });
    await assignOwnership({ actor: cco, input: assignInput(s1!, alpha, { personId: person.id }) });
    await assignOwnership({ actor: cco, input: assignInput(s2!, alpha) });
    const inbox = { cco: (await inboxOf(cco.id)).length, other: (await inboxOf(otherCco.id)).length };
    const mark = await auditMark(db());
    await setUserActive({ actor: admin, userId: person.id, active: false, reason: "Left the company" });

    const why = `${person.name}, the accountable person, was deactivated.`;
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.entityId, e.reason])).toEqual([
      ["user.deactivated", person.id, "Left the company"],
      ["stage.orphaned", s1, why],
    ]);
    for (const [id, before] of [[cco.id, inbox.cco], [otherCco.id, inbox.other]] as const) {
      expect((await inboxOf(id)).slice(before)).toMatchObject([{ kind: "stage_orphaned", title: `"Stage 1" needs an owner`, body: why, link: `/journeys/${journeyId}/stages/${s1}` }]);
    }
    expect(await inboxOf(retiredCco.id)).toEqual([]);

    const board = await getJourneyBoard({ journeyId });
    expect(board.stages.map((s) => s.flags)).toEqual([["owner_inactive"], []]);
    expect(needsOwner(board.stages[0]!.flags)).toBe(true);
    expect(board.stages[0]!.accountable).toMatchObject({ personId: person.id, departmentId: alpha.id }); // history is not rewritten
    expect((await listJourneys()).find((j) => j.id === journeyId)).toMatchObject({ stageCount: 2, ownedCount: 2, needsOwnerCount: 1 });

    // The CCO gives the stage a new owner; the flag goes away.
    await assignOwnership({ actor: cco, input: assignInput(s1!, beta) });
    expect((await getJourneyBoard({ journeyId })).stages[0]!.flags).toEqual([]);
  });

  it("deactivating someone who owns no live stage flags nothing and notifies nobody", async () => {
    const person = await makeUser(db(), { role: "member", departmentId: alpha.id });
    const before = (await inboxOf(cco.id)).length;
    const mark = await auditMark(db());
    await setUserActive({ actor: admin, userId: person.id, active: false });
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["user.deactivated"]);
    expect(await inboxOf(cco.id)).toHaveLength(before);
  });

  it("archiving the owning department flags its stages, expires its pending handoffs and notifies the CCO", async () => {
    const closing = await makeHeadedDepartment(db(), `Closing ${uniq()}`);
    const { journeyId, stageIds: [s1, s2] } = await makeJourney(cco, 2);
    await assignOwnership({ actor: cco, input: assignInput(s1!, closing) });
    await assignOwnership({ actor: cco, input: assignInput(s2!, gamma) });
    const outgoing = await proposeHandoff({ actor: closing.head, input: { stageId: s1!, toDepartmentId: beta.id, note: "Take it", goalDisposition: "move", force: false } });
    const incoming = await proposeHandoff({ actor: gamma.head, input: { stageId: s2!, toDepartmentId: closing.id, note: "Yours?", goalDisposition: "retire", force: false } });
    const before = (await inboxOf(cco.id)).length;
    const mark = await auditMark(db());
    await archiveDepartment({ actor: admin, departmentId: closing.id, reason: "Merged into Beta" });

    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual(["department.archived", "handoff.expired", "handoff.expired", "stage.orphaned"]);
    expect(events.slice(1, 3).map((e) => e.entityId).sort()).toEqual([outgoing.handoffId, incoming.handoffId].sort());
    expect(events[3]).toMatchObject({ entityId: s1, reason: `${closing.name}, the owning department, was archived.` });
    for (const id of [outgoing.handoffId, incoming.handoffId]) expect((await handoffRow(db(), id)).status).toBe("expired");
    expect((await inboxOf(cco.id)).slice(before)).toMatchObject([{ kind: "stage_orphaned", title: `"Stage 1" needs an owner` }]);

    const board = await getJourneyBoard({ journeyId });
    expect(board.stages.map((s) => s.flags)).toEqual([["department_archived"], []]);
    expect(board.departments.find((d) => d.id === closing.id)).toMatchObject({ archived: true }); // still holds a role here
  });
});

describe("getJourneyBoard as of a day (end of that day, UTC)", () => {
  async function backdate(stageId: string, rows: { dep: HeadedDepartment; raci?: "accountable" | "consulted"; from: string; to: string | null }[]) {
    // The board of a past day shows the stages that existed then.
    await db().update(stages).set({ createdAt: new Date("2023-01-01T00:00:00Z") }).where(eq(stages.id, stageId));
    await db().insert(ownershipAssignments).values(
      rows.map((r) => ({
        stageId,
        departmentId: r.dep.id,
        personId: (r.raci ?? "accountable") === "accountable" ? r.dep.head.id : null,
        raci: r.raci ?? "accountable",
        source: "assigned" as const,
        byUserId: cco.id,
        reason: "history",
        validFrom: new Date(r.from),
        validTo: r.to ? new Date(r.to) : null,
      })),
    );
  }

  it("shows who owned each stage that evening, switching exactly at midnight UTC", async () => {
    const { journeyId, stageIds: [s1, s2] } = await makeJourney(cco, 2);
    await backdate(s1!, [
      { dep: alpha, from: "2024-03-01T09:00:00Z", to: "2024-03-10T00:30:00Z" },
      { dep: beta, from: "2024-03-10T00:30:00Z", to: "2024-03-11T00:00:00Z" },
      { dep: gamma, from: "2024-03-11T00:00:00Z", to: null },
      { dep: beta, raci: "consulted", from: "2024-03-01T09:00:00Z", to: "2024-03-09T23:59:00Z" },
    ]);
    await backdate(s2!, [{ dep: alpha, from: "2024-03-09T23:30:00Z", to: null }]);
    const ownersOn = async (asOf?: string) => {
      const board = await getJourneyBoard({ journeyId, asOf });
      return board.stages.map((s) => s.accountable?.departmentId ?? null);
    };
    expect(await ownersOn("2024-02-29")).toEqual([null, null]);
    expect(await ownersOn("2024-03-08")).toEqual([alpha.id, null]);
    expect(await ownersOn("2024-03-09")).toEqual([alpha.id, alpha.id]); // 00:30 UTC on the 10th is the next day
    expect(await ownersOn("2024-03-10")).toEqual([beta.id, alpha.id]); // gamma starts at 00:00 on the 11th
    expect(await ownersOn("2024-03-11")).toEqual([gamma.id, alpha.id]);
    expect(await ownersOn()).toEqual([gamma.id, alpha.id]);

    const march8 = await getJourneyBoard({ journeyId, asOf: "2024-03-08" });
    expect(march8.asOf).toBe("2024-03-08");
    expect(march8.stages[0]!.raci).toEqual([{ departmentId: beta.id, departmentName: beta.name, raci: "consulted" }]);
    expect(march8.stages[0]!.accountable).toMatchObject({ since: new Date("2024-03-01T09:00:00Z"), personId: alpha.head.id });
    expect((await getJourneyBoard({ journeyId, asOf: "2024-03-09" })).stages[0]!.raci).toEqual([]);
    expect((await getJourneyBoard({ journeyId, asOf: "2024-02-29" })).stages[0]!.flags).toEqual(["unowned"]);
  });

  it("does not show today's pending handoffs on a past day", async () => {
    const { journeyId, stageIds: [s1] } = await makeJourney(cco, 1);
    await backdate(s1!, [{ dep: alpha, from: "2024-01-01T00:00:00Z", to: null }]);
    await proposeHandoff({ actor: alpha.head, input: { stageId: s1!, toDepartmentId: beta.id, note: "Over to you", goalDisposition: "move", force: false } });
    expect((await getJourneyBoard({ journeyId })).stages[0]!.flags).toEqual(["handoff_pending"]);
    expect((await getJourneyBoard({ journeyId, asOf: "2024-06-01" })).stages[0]).toMatchObject({ pendingHandoff: null, flags: [], accountable: { departmentId: alpha.id } });
  });
});
