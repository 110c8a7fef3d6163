import { AsyncLocalStorage } from "node:async_hooks";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { assignOwnershipAction, claimStageAction, proposeHandoffAction, respondHandoffAction } from "@/app/(app)/journeys/actions";
import { auditEvents, handoffs, ownershipAssignments } from "@/db/schema";
import type { ActionResult } from "@/lib/actions";
import { currentUser, type Actor } from "@/lib/auth/current-user";
import { assignOwnership } from "@/lib/ownership/commands";
import { alreadyOwnedMessage } from "@/lib/ownership/rules";
import { auditMark } from "../helpers/audit";
import { asOwner, rows, usingPostgres, useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, currentAccountable, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

// Races need real concurrent connections. PGlite has one connection and would serialise every
// "concurrent" call, proving nothing, so this suite refuses to run without PostgreSQL.
beforeAll(() => {
  if (!usingPostgres) throw new Error("The race suite needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project \"race\").");
});

const db = useTestDatabase(); // a brand-new PostgreSQL database, pool of 20 connections

// Why not signInAs: it sets one global "current user", and 50 calls in flight at once would all
// see whichever actor was set last. Why not call lib's claimStage directly: the race must go
// through the same code path as a real request — the server action, its wrapper (session, zod,
// capability) and then the command. So currentUser() (mocked in integration-setup) reads the
// actor from an AsyncLocalStorage that each call runs in: every call has its own identity,
// exactly like separate HTTP requests.
const requestActor = new AsyncLocalStorage<Actor>();
const asUser = <T>(actor: Actor, fn: () => Promise<T>) => requestActor.run(actor, fn);
beforeAll(() => {
  vi.mocked(currentUser).mockImplementation(async () => requestActor.getStore() ?? null);
});

let cco: Actor;
let deps: HeadedDepartment[];
beforeAll(async () => {
  cco = (await makeCast(db())).actors.cco;
  deps = [];
  for (let i = 0; i < 50; i++) deps.push(await makeHeadedDepartment(db(), `Race ${i} ${uniq()}`));
});

const offer = (stageId: string, to: HeadedDepartment) => ({ stageId, toDepartmentId: to.id, note: `To ${to.name}`, goalDisposition: "move" as const });
const oks = (rs: ActionResult<unknown>[]) => rs.filter((r) => r.ok);
const refusals = (rs: ActionResult<unknown>[]) => rs.filter((r): r is Extract<ActionResult<unknown>, { ok: false }> => !r.ok);
const eventsSince = (mark: number, actions: string[], entityIds: string[]) =>
  db()
    .select()
    .from(auditEvents)
    .where(and(gt(auditEvents.id, mark), inArray(auditEvents.action, actions as never[]), inArray(auditEvents.entityId, entityIds)));

describe("rule 1 under load: 50 heads claim one unowned stage at the same moment", () => {
  const ROUNDS = 5;
  const timings: number[] = [];

  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))("round %i: exactly one winner, 49 clear refusals, one row, one event", async () => {
    const [stageId] = (await makeJourney(cco, 1)).stageIds;
    const mark = await auditMark(db());
    const started = performance.now();
    const results = await Promise.all(deps.map((d) => asUser(d.head, () => claimStageAction(null, { stageId: stageId!, reason: "" }))));
    timings.push(performance.now() - started);

    const winners = oks(results);
    expect(winners, JSON.stringify(results.filter((r) => r.ok))).toHaveLength(1);
    const winner = winners[0] as { data: { departmentName: string }; message: string };
    const winnerDep = deps.find((d) => d.name === winner.data.departmentName)!;
    expect(winner.message).toBe(`Claimed for ${winnerDep.name}.`);

    const losers = refusals(results);
    expect(losers).toHaveLength(49);
    for (const l of losers) {
      expect(l.error).toContain(`already owned by ${winnerDep.name}`);
      expect(l).toEqual({ ok: false, code: "conflict", error: alreadyOwnedMessage(winnerDep.name), fieldErrors: {}, detail: { reason: "already_owned", departmentId: winnerDep.id, departmentName: winnerDep.name } });
    }

    const current = await currentAccountable(db(), stageId!);
    expect(current.map((r) => [r.departmentId, r.personId, r.source])).toEqual([[winnerDep.id, winnerDep.head.id, "claimed"]]);
    expect(await db().select().from(ownershipAssignments).where(eq(ownershipAssignments.stageId, stageId!))).toHaveLength(1);
    const claimed = await eventsSince(mark, ["ownership.claimed"], [stageId!]);
    expect(claimed.map((e) => e.actorId)).toEqual([winnerDep.head.id]);
  });

  it("reports how long the claims took", () => {
    expect(timings).toHaveLength(ROUNDS);
    console.log(`[race] 50 concurrent claims per round, ms: ${timings.map((t) => t.toFixed(0)).join(", ")}`);
  });
});

describe("handoffs under load", () => {

  it("20 concurrent offers of one stage (owner's head and CCO) leave exactly one pending handoff; 10 concurrent accepts, exactly one", async () => {
    const [stageId] = (await makeJourney(cco, 1)).stageIds;
    const owner = deps[0]!;
    await assignOwnership({ actor: cco, input: assignInput(stageId!, owner) });
    const targets = deps.slice(1, 21);
    const proposals = await Promise.all(targets.map((to, i) => asUser(i % 2 ? cco : owner.head, () => proposeHandoffAction(null, offer(stageId!, to)))));
    expect(oks(proposals)).toHaveLength(1);
    for (const r of refusals(proposals)) expect(r.error).toBe("A handoff of this stage is already pending; it must be answered or cancelled first.");
    const pending = await db().select().from(handoffs).where(and(eq(handoffs.stageId, stageId!), eq(handoffs.status, "pending")));
    expect(pending).toHaveLength(1);
    expect(await db().select().from(handoffs).where(eq(handoffs.stageId, stageId!))).toHaveLength(1);
    const handoff = pending[0]!;
    const receiver = deps.find((d) => d.id === handoff.toDepartmentId)!;

    const mark = await auditMark(db());
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => asUser(i % 2 ? cco : receiver.head, () => respondHandoffAction(null, { handoffId: handoff.id, response: "accept" as const, reason: "" }))),
    );
    expect(oks(answers)).toHaveLength(1);
    for (const r of refusals(answers)) expect(r.error).toBe("This handoff is already accepted.");
    expect((await db().select().from(handoffs).where(eq(handoffs.id, handoff.id)))[0]!.status).toBe("accepted");
    expect((await currentAccountable(db(), stageId!)).map((r) => [r.departmentId, r.source, r.handoffId])).toEqual([[receiver.id, "handed_off", handoff.id]]);
    const events = await eventsSince(mark, ["handoff.accepted", "ownership.handed_off"], [handoff.id, stageId!]);
    expect(events.map((e) => e.action).sort()).toEqual(["handoff.accepted", "ownership.handed_off"]);
  });

  // Both races below once answered "Something went wrong" now and then: a transaction that had
  // waited for the other one closed the other's fresh row at its own (earlier) start time, which
  // the interval check refuses. Every round must settle cleanly, with history in order.
  it("a direct assignment racing an accept: both settle, one owner, history in order (20 rounds)", async () => {
    for (let round = 0; round < 20; round++) {
      const [stageId] = (await makeJourney(cco, 1)).stageIds;
      const [from, to, assigned] = [deps[21 + (round % 9)]!, deps[30 + (round % 9)]!, deps[39 + (round % 9)]!];
      await assignOwnership({ actor: cco, input: assignInput(stageId!, from) });
      const proposed = await asUser(from.head, () => proposeHandoffAction(null, offer(stageId!, to)));
      const { handoffId } = (proposed as { data: { handoffId: string } }).data;
      const [assign, accept] = await Promise.all([
        asUser(cco, () => assignOwnershipAction(null, assignInput(stageId!, assigned, { reason: "Decided" }))),
        asUser(to.head, () => respondHandoffAction(null, { handoffId, response: "accept" as const, reason: "" })),
      ]);
      expect(assign, JSON.stringify(assign)).toMatchObject({ ok: true });
      const [h] = await db().select().from(handoffs).where(eq(handoffs.id, handoffId));
      if (accept.ok) expect(h!.status).toBe("accepted"); // the accept went first, then the assignment
      else expect([accept.error, h!.status]).toEqual(["This handoff is already expired.", "expired"]);
      expect((await currentAccountable(db(), stageId!)).map((r) => r.departmentId)).toEqual([assigned.id]);
      await expectHistoryInOrder(stageId!);
    }
  });

  it("a claim racing a direct assignment: the assignment always lands, the claim wins or is told who owns it (20 rounds)", async () => {
    for (let round = 0; round < 20; round++) {
      const [stageId] = (await makeJourney(cco, 1)).stageIds;
      const [assigned, claimer] = [deps[round % 10]!, deps[10 + (round % 10)]!];
      const [assign, claim] = await Promise.all([
        asUser(cco, () => assignOwnershipAction(null, assignInput(stageId!, assigned, { informed: [claimer.id] }))),
        asUser(claimer.head, () => claimStageAction(null, { stageId: stageId!, reason: "" })),
      ]);
      expect(assign, JSON.stringify(assign)).toMatchObject({ ok: true });
      if (!claim.ok) expect(claim.error).toBe(alreadyOwnedMessage(assigned.name));
      expect((await currentAccountable(db(), stageId!)).map((r) => r.departmentId)).toEqual([assigned.id]);
      await expectHistoryInOrder(stageId!);
    }
  });
});

describe("a change that waited keeps history in order (deterministic)", () => {
  /**
   * Resolves once `n` sessions of this database are waiting on a lock (polled, no fixed sleep).
   * Asked as the owner: the runtime role may not see what other sessions are waiting for.
   */
  async function lockWaiters(n: number) {
    for (;;) {
      const [row] = await asOwner((owner) =>
        rows<{ n: number }>(owner, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
      );
      if (row!.n >= n) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it("an accept that began first but waited closes a role opened meanwhile without a crash", async () => {
    const [stageId] = (await makeJourney(cco, 1)).stageIds;
    const [owner, receiver] = [deps[47]!, deps[48]!];
    await assignOwnership({ actor: cco, input: assignInput(stageId!, owner) });
    const proposed = await asUser(owner.head, () => proposeHandoffAction(null, offer(stageId!, receiver)));
    const { handoffId } = (proposed as { data: { handoffId: string } }).data;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // Another session holds the handoff row for a moment.
    const blocker = db().transaction(async (tx) => {
      await tx.select().from(handoffs).where(eq(handoffs.id, handoffId)).for("update");
      locked();
      await held;
    });
    await isLocked;
    const accept = asUser(receiver.head, () => respondHandoffAction(null, { handoffId, response: "accept" as const, reason: "" }));
    await lockWaiters(1); // the accept's transaction has begun and waits
    // Meanwhile the CCO makes the receiver "informed" (the owner stays, so the offer stays open).
    const assign = asUser(cco, () => assignOwnershipAction(null, assignInput(stageId!, owner, { informed: [receiver.id] })));
    await Promise.race([assign, lockWaiters(2)]); // the assignment either waits its turn too, or is done
    release();
    await blocker;
    const [acceptResult, assignResult] = await Promise.all([accept, assign]);
    expect(acceptResult, JSON.stringify(acceptResult)).toMatchObject({ ok: true });
    expect(assignResult, JSON.stringify(assignResult)).toMatchObject({ ok: true });
    await expectHistoryInOrder(stageId!);
  });
});

/** Each row ends after it starts, and a stage's accountable rows follow one another without overlap. */
async function expectHistoryInOrder(stageId: string) {
  const history = await db().select().from(ownershipAssignments).where(eq(ownershipAssignments.stageId, stageId)).orderBy(asc(ownershipAssignments.validFrom));
  for (const r of history) if (r.validTo) expect(r.validTo.getTime()).toBeGreaterThanOrEqual(r.validFrom.getTime());
  const accountable = history.filter((r) => r.raci === "accountable");
  accountable.forEach((r, i) => {
    const next = accountable[i + 1];
    if (next) expect(r.validTo, JSON.stringify(accountable)).toEqual(next.validFrom);
    else expect(r.validTo).toBeNull();
  });
  // Every change time of the stage is the time of exactly one ownership event (same transaction).
  const [audit] = await rows<{ missing: number; orphaned: number }>(db(), sql`
    with changes as (
      select valid_from as t from ownership_assignments where stage_id = ${stageId}
      union select valid_to from ownership_assignments where stage_id = ${stageId} and valid_to is not null
    ), events as (
      select created_at as t from audit_events where entity_id = ${stageId} and action in ('ownership.assigned', 'ownership.claimed', 'ownership.handed_off')
    )
    select (select count(*) from (select * from changes except select * from events) m)::int as missing,
           (select count(*) from (select * from events except all select * from changes) o)::int as orphaned`);
  expect(audit).toEqual({ missing: 0, orphaned: 0 });
}
