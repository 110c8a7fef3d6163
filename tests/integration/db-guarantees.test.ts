import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { openPglite, resultRows, type Db } from "@/db/client";
import { migratePgliteDb, migratePostgresUrl, migrationsFolder } from "@/db/migrate";
import { checkIns, goals, ownershipAssignments } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { raiseDispute, withdrawDispute } from "@/lib/disputes/commands";
import { DomainError, pgConstraint, pgErrorCode } from "@/lib/errors";
import { changeGoalStatus, createGoal, recordCheckIn } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import type * as GoalRules from "@/lib/goals/rules";
import { todayIn } from "@/lib/time";

// The test database keeps the default zone, UTC.
const todayIso = (now?: Date) => todayIn("UTC", now);
import { assignOwnership, proposeHandoff, respondToHandoff } from "@/lib/ownership/commands";
import { asOwner, rows, useTestDatabase, usingPostgres } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";
import { raiseInput } from "../helpers/dispute-fixtures";

// Each guarantee is checked with SQL written straight at the database, as a bug or a hand-run
// statement would: the database itself must refuse it, whatever the application code does.

// Lets one test switch off the command's own "only active goals" check, to reach the trigger.
const rules = vi.hoisted(() => ({ skipCheckInRule: false }));
vi.mock("@/lib/goals/rules", async (importOriginal) => {
  const original = await importOriginal<typeof GoalRules>();
  return { ...original, checkInRefusal: (status: string) => (rules.skipCheckInRule ? null : original.checkInRefusal(status)) };
});

const db = useTestDatabase();
const DAY = 86_400_000;
const daysFrom = (n: number) => todayIso(new Date(Date.now() + n * DAY));

let cco: Actor;
let alpha: HeadedDepartment;
let beta: HeadedDepartment;
let objectiveId: string;
beforeAll(async () => {
  const cast = await makeCast(db());
  cco = cast.actors.cco;
  alpha = await makeHeadedDepartment(db(), `Alpha ${uniq()}`);
  beta = await makeHeadedDepartment(db(), `Beta ${uniq()}`);
  ({ objectiveId } = (await createObjective({ actor: cco, input: { title: `Aim ${uniq()}`, description: "", periodStart: "2024-01-01", periodEnd: "2035-01-01" } }))!);
});

/** The database error of a statement that must fail (null when it went through). */
// Sent as the owner of the tables: the triggers and constraints must hold even for a
// connection that has every privilege (the runtime role is refused earlier, by its grants,
// which tests/integration/runtime-role.test.ts proves).
async function refusal(statement: SQL): Promise<{ code?: string; constraint?: string; message: string } | null> {
  return asOwner((owner) => owner.execute(statement))
    .then(
      () => null,
      (e: unknown) => {
        const all: string[] = [];
        for (let cur = e; cur && typeof cur === "object"; cur = (cur as { cause?: unknown }).cause) all.push(String((cur as Error).message));
        return { code: pgErrorCode(e), constraint: pgConstraint(e), message: all.join(" | ") };
      },
    );
}

async function ownedStage(owner = alpha) {
  const { stageIds } = await makeJourney(cco, 1);
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, owner) });
  return stageIds[0]!;
}
const historyOf = (stageId: string) => db().select().from(ownershipAssignments).where(eq(ownershipAssignments.stageId, stageId)).orderBy(ownershipAssignments.validFrom);

describe("ownership history is append-only", () => {
  it("allows only closing an open row once, with nothing else changed", async () => {
    const stageId = await ownedStage();
    // A real change of owner closes alpha's row and opens beta's, through the commands.
    const { handoffId } = await proposeHandoff({ actor: alpha.head, input: { stageId, toDepartmentId: beta.id, note: "They deliver it", goalDisposition: "move", force: false } });
    await respondToHandoff({ actor: beta.head, handoffId, response: "accept", reason: "" });
    const [closed, open] = await historyOf(stageId);
    expect(closed!.validTo).not.toBeNull();
    expect(open!.validTo).toBeNull();

    const refused: [string, SQL, RegExp][] = [
      ["close a closed row again", sql`update ownership_assignments set valid_to = now() where id = ${closed!.id}`, /a closed row cannot change/],
      ["reopen a closed row", sql`update ownership_assignments set valid_to = null where id = ${closed!.id}`, /a closed row cannot change/],
      ["rewrite a closed row", sql`update ownership_assignments set reason = 'Rewritten' where id = ${closed!.id}`, /a closed row cannot change/],
      ["rewrite an open row", sql`update ownership_assignments set reason = 'Rewritten' where id = ${open!.id}`, /only valid_to of an open row may be set/],
      ["close and rewrite at once", sql`update ownership_assignments set valid_to = now(), person_id = null, raci = 'informed' where id = ${open!.id}`, /only valid_to of an open row may be set/],
      ["delete history", sql`delete from ownership_assignments where id = ${closed!.id}`, /DELETE is not allowed/],
      ["truncate history", sql`truncate ownership_assignments cascade`, /TRUNCATE is not allowed/],
    ];
    for (const [label, statement, message] of refused) {
      const error = await refusal(statement);
      expect(error, label).not.toBeNull();
      expect(error!.code, label).toBe("42501");
      expect(error!.message, label).toMatch(message);
    }
    // A close before the row began is refused by the interval check.
    const early = await refusal(sql`update ownership_assignments set valid_to = valid_from - interval '1 second' where id = ${open!.id}`);
    expect(early).toMatchObject({ code: "23514", constraint: "ownership_interval_ck" });
    expect(await historyOf(stageId)).toEqual([closed, open]);

    // The one change allowed: closing the open row, once.
    await db().execute(sql`update ownership_assignments set valid_to = now() where id = ${open!.id}`);
    expect((await refusal(sql`update ownership_assignments set valid_to = now() + interval '1 day' where id = ${open!.id}`))!.message).toMatch(/a closed row cannot change/);
  });

  it("refuses overlapping accountable periods on one stage, inserted directly", async () => {
    const stageId = await ownedStage();
    const [current] = await historyOf(stageId);
    // The start of the current period, to the microsecond (a JS Date keeps milliseconds only).
    const t0 = sql`(select valid_from from ownership_assignments where id = ${current!.id})`;
    const insert = (from: SQL, to: SQL | null, raci = "accountable") =>
      sql`insert into ownership_assignments (stage_id, department_id, person_id, raci, valid_from, valid_to, source, reason)
          values (${stageId}, ${beta.id}, ${beta.head.id}, ${raci}::raci_role, ${from}, ${to}, 'assigned', 'Written by hand')`;
    // Overlapping the current period (which has no end yet), or an earlier one, is refused.
    for (const statement of [insert(sql`${t0} - interval '1 hour'`, sql`${t0} + interval '1 minute'`), insert(sql`${t0} + interval '1 day'`, sql`${t0} + interval '2 days'`)]) {
      expect(await refusal(statement)).toMatchObject({ code: "23P01", constraint: "ownership_accountable_no_overlap_ex" });
    }
    // A period that ends exactly when the current one starts is history, not an overlap.
    expect(await refusal(insert(sql`${t0} - interval '2 hours'`, t0))).toBeNull();
    expect(await refusal(insert(sql`${t0} - interval '3 hours'`, sql`${t0} - interval '1 hour'`))).toMatchObject({ code: "23P01" });
    // Responsible, consulted and informed periods are not exclusive.
    expect(await refusal(insert(sql`${t0} - interval '1 hour'`, sql`${t0} + interval '1 minute'`, "informed"))).toBeNull();
  });

  it("reassigning through the command closes rows and opens new ones as before", async () => {
    const stageId = await ownedStage();
    await assignOwnership({ actor: cco, input: assignInput(stageId, alpha, { informed: [beta.id], reason: "Beta hears of it" }) });
    await assignOwnership({ actor: cco, input: assignInput(stageId, beta, { reason: "Beta owns it now" }) });
    const history = await historyOf(stageId);
    expect(history.filter((r) => r.validTo === null).map((r) => [r.departmentId, r.raci])).toEqual([[beta.id, "accountable"]]);
    expect(history.filter((r) => r.raci === "accountable")).toHaveLength(2);
  });
});

async function goalIn(status: "draft" | "active" | "achieved" | "missed" | "cancelled") {
  const stageId = await ownedStage();
  const input = {
    stageId, activate: status !== "draft", title: `Goal ${uniq()}`, description: "Customers wait less at the counter.", metricName: "Served within 5 min", metricUnit: "%",
    baseline: "0", target: "100", direction: "increase" as const, startDate: daysFrom(-10), dueDate: daysFrom(10), ownerId: alpha.head.id, objectiveId, budget: "0", people: "1", resourcesNote: "",
  };
  const { goalId } = await createGoal({ actor: cco, input });
  if (status !== "draft" && status !== "active") await changeGoalStatus({ actor: cco, goalId, status, reason: status === "achieved" ? "" : "For the test" });
  return goalId;
}
const insertCheckIn = (goalId: string) =>
  sql`insert into check_ins (goal_id, value, confidence, measured_on, author_id) values (${goalId}, '5', 'high', ${todayIso()}, ${alpha.head.id})`;

describe("check-ins only on active goals", () => {
  it("the database refuses a check-in on a goal that is not active", async () => {
    for (const status of ["draft", "achieved", "missed", "cancelled"] as const) {
      const error = await refusal(insertCheckIn(await goalIn(status)));
      expect(error, status).toMatchObject({ code: "23514", constraint: "check_ins_goal_active_ck" });
      expect(error!.message).toMatch(new RegExp(`only be recorded on an active goal \\(this goal is ${status}\\)`));
    }
    expect(await refusal(insertCheckIn(await goalIn("active")))).toBeNull();
  });

  it("the command refuses first; if its check is bypassed, the database's refusal becomes a DomainError", async () => {
    const goalId = await goalIn("achieved");
    const input = { value: "5", confidence: "high" as const, note: "", measuredOn: todayIso() };
    await expectRefused(db(), () => recordCheckIn({ actor: cco, goalId, input }), "conflict", /achieved; it takes no more check-ins/);
    rules.skipCheckInRule = true;
    try {
      await expectRefused(db(), () => recordCheckIn({ actor: cco, goalId, input }), "conflict", /not active; it takes no check-ins/);
    } finally {
      rules.skipCheckInRule = false;
    }
    expect(await db().select().from(checkIns).where(eq(checkIns.goalId, goalId))).toEqual([]);
  });
});

describe("closing with a reason", () => {
  it("the database refuses a missed or cancelled goal without a reason", async () => {
    const goalId = await goalIn("active");
    for (const [status, reason] of [["cancelled", null], ["missed", ""], ["cancelled", "   "]] as const) {
      const error = await refusal(sql`update goals set status = ${status}::goal_status, status_reason = ${reason} where id = ${goalId}`);
      expect(error, `${status} / ${String(reason)}`).toMatchObject({ code: "23514", constraint: "goals_closed_reason_ck" });
    }
    expect(await refusal(sql`update goals set status = 'achieved', status_reason = null where id = ${goalId}`)).toBeNull();
  });

  it("the command asks for the reason with a field error and writes nothing", async () => {
    const goalId = await goalIn("active");
    for (const status of ["missed", "cancelled"] as const) {
      const e = await expectRefused(db(), () => changeGoalStatus({ actor: cco, goalId, status, reason: "  " }), "invalid");
      expect(e.fieldErrors).toEqual({ reason: ["Say why, for the record."] });
    }
    await changeGoalStatus({ actor: cco, goalId, status: "cancelled", reason: "Replaced by a better goal" });
    expect((await db().select().from(goals).where(eq(goals.id, goalId)))[0]).toMatchObject({ status: "cancelled", statusReason: "Replaced by a better goal" });
  });

  it("a withdrawn dispute carries a reason: the database and the command both insist", async () => {
    const { disputeId } = await raiseDispute({ actor: alpha.head, input: raiseInput({ partyDepartmentIds: [beta.id] }) });
    for (const reason of [null, "", "  "]) {
      const error = await refusal(sql`update disputes set status = 'withdrawn', closed_at = now(), withdrawn_reason = ${reason} where id = ${disputeId}`);
      expect(error, String(reason)).toMatchObject({ code: "23514", constraint: "disputes_withdrawn_reason_ck" });
    }
    const e = await expectRefused(db(), () => withdrawDispute({ actor: alpha.head, disputeId, reason: " " }), "invalid");
    expect(e).toBeInstanceOf(DomainError);
    expect(e.fieldErrors).toEqual({ reason: ["Say why you withdraw it, for the record."] });
    await withdrawDispute({ actor: alpha.head, disputeId, reason: "Settled between the heads" });
    const [row] = await rows<{ status: string; withdrawn_reason: string }>(db(), sql`select status, withdrawn_reason from disputes where id = ${disputeId}`);
    expect(row).toEqual({ status: "withdrawn", withdrawn_reason: "Settled between the heads" });
  });
});

/** The migrations folder as it was before 0007: a database that already holds data to migrate. */
function migrationsBefore0007(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-migrations-"));
  fs.mkdirSync(path.join(dir, "meta"));
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx < 7);
  fs.writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify(journal));
  for (const e of journal.entries) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

/** A fresh database migrated up to 0006; `migrateAll` then applies the rest as an upgrade would. */
async function olderDatabase(): Promise<{ db: Db; migrateAll: () => Promise<void>; close: () => Promise<void> }> {
  const before = migrationsBefore0007();
  if (!usingPostgres) {
    const handle = await openPglite();
    await migratePglite(handle.db as never, { migrationsFolder: before });
    return { db: handle.db, migrateAll: () => migratePgliteDb(handle.db as never), close: handle.close };
  }
  const url = new URL(process.env.TEST_DATABASE_URL!);
  const name = `tl_it_upgrade_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const older = drizzle({ client }) as unknown as Db;
  await migratePostgres(older as never, { migrationsFolder: before });
  return {
    db: older,
    migrateAll: () => migratePostgresUrl(url.toString()),
    close: async () => {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

it("migration 0007 applies to a database that already holds closed goals and withdrawn disputes without reasons", async () => {
  const older = await olderDatabase();
  try {
    const q = async <T>(statement: SQL) => resultRows<T>(await older.db.execute(statement));
    const { dep, usr } = (await q<{ dep: string; usr: string }>(sql`
      with d as (insert into departments (name) values ('Legacy') returning id),
           u as (insert into users (email, name, role, department_id) select 'legacy@example.test', 'Legacy Head', 'head', id from d returning id, department_id)
      select department_id as dep, id as usr from u`))[0]!;
    const { stage } = (await q<{ stage: string }>(sql`
      with j as (insert into journeys (name) values ('Legacy journey') returning id)
      insert into stages (journey_id, position, name) select id, 1, 'Legacy stage' from j returning id as stage`))[0]!;
    await older.db.execute(sql`insert into ownership_assignments (stage_id, department_id, person_id, raci, valid_from, valid_to, source)
      values (${stage}, ${dep}, ${usr}, 'accountable', now() - interval '2 days', now() - interval '1 day', 'assigned'),
             (${stage}, ${dep}, ${usr}, 'accountable', now() - interval '1 day', null, 'claimed')`);
    const { objective } = (await q<{ objective: string }>(sql`insert into strategic_objectives (title, period_start, period_end) values ('Legacy aim', '2024-01-01', '2030-01-01') returning id as objective`))[0]!;
    for (const [status, reason] of [["cancelled", null], ["missed", " "], ["missed", "Kept as it was"], ["achieved", null]] as const) {
      await older.db.execute(sql`insert into goals (stage_id, department_id, title, description, metric_name, metric_unit, baseline, target, direction, start_date, due_date, owner_id, objective_id, budget, people, status, status_reason)
        values (${stage}, ${dep}, ${`Legacy ${status}`}, 'd', 'm', 'u', 0, 10, 'increase', '2024-01-01', '2024-06-01', ${usr}, ${objective}, 0, 0, ${status}::goal_status, ${reason})`);
    }
    await older.db.execute(sql`insert into disputes (kind, title, description, raised_by_id, status, opened_at, due_by, closed_at, withdrawn_reason)
      values ('other', 'Legacy withdrawn', 'd', ${usr}, 'withdrawn', now() - interval '5 days', now() + interval '5 days', now(), null)`);

    await older.migrateAll();

    const BACKFILLED = "Recorded before reasons were required.";
    expect(await q(sql`select title, status_reason as reason from goals order by title, status_reason`)).toEqual([
      { title: "Legacy achieved", reason: null },
      { title: "Legacy cancelled", reason: BACKFILLED },
      { title: "Legacy missed", reason: "Kept as it was" },
      { title: "Legacy missed", reason: BACKFILLED },
    ]);
    expect(await q(sql`select withdrawn_reason as reason from disputes`)).toEqual([{ reason: BACKFILLED }]);
    // The guarantees hold from now on.
    const blocked = await older.db.execute(sql`delete from ownership_assignments`).then(() => null, (e: unknown) => pgErrorCode(e));
    expect(blocked).toBe("42501");
  } finally {
    await older.close();
  }
});
