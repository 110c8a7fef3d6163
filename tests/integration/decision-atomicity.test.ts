import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ownershipAssignments, stages, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { archiveDepartment } from "@/lib/departments/commands";
import { recordDecision } from "@/lib/disputes/commands";
import { DomainError } from "@/lib/errors";
import { setUserActive } from "@/lib/users/commands";
import { auditMark, auditSince } from "../helpers/audit";
import { asOwner, useTestDatabase } from "../helpers/db";
import { archiveDirectly, assignTo, decideInput, decisionsOf, disputeRow, disputeUnderReview, makeDisputeWorld, ownerOf, type DisputeWorld } from "../helpers/dispute-fixtures";
import { makeHeadedDepartment, ownershipFingerprint, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

// Rule 4: a decision and its ownership effect are one step. Whatever makes the effect fail —
// the target department archived or the person deactivated a moment before, or any later
// write of the same transaction failing — neither the decision nor any part of the change may
// persist: no decision row, the dispute still under review, ownership and history unchanged,
// no audit event, no notification. Every table of the schema is fingerprinted before and after.

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();

let w: DisputeWorld;
let cco: Actor;
beforeAll(async () => {
  w = await makeDisputeWorld(db());
  cco = w.cco;
});

/** A dispute over a stage Beta owns, under review; the decision will give it to `to`. */
async function prepare(to: HeadedDepartment) {
  const d = await disputeUnderReview(w, w.alpha, w.beta);
  return { ...d, decide: (over: Parameters<typeof decideInput>[1] = {}) => recordDecision({ actor: cco, input: decideInput(d.disputeId, { ...assignTo(to), ...over }) }) };
}

/** Runs the decision, which must fail, and proves that it left every table exactly as it was. */
async function expectAtomicFailure(p: Awaited<ReturnType<typeof prepare>>, run: () => Promise<unknown>): Promise<unknown> {
  const historyBefore = await db().select().from(ownershipAssignments).where(eq(ownershipAssignments.stageId, p.stageId));
  const before = await ownershipFingerprint(db());
  const mark = await auditMark(db());
  let error: unknown = null;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error, "the decision should have failed").not.toBeNull();
  expect(await decisionsOf(db(), p.disputeId)).toEqual([]);
  expect(await disputeRow(db(), p.disputeId)).toMatchObject({ status: "under_review", closedAt: null });
  expect(await ownerOf(db(), p.stageId)).toBe(w.beta.id);
  expect(await db().select().from(ownershipAssignments).where(eq(ownershipAssignments.stageId, p.stageId))).toEqual(historyBefore);
  expect(await auditSince(db(), mark)).toEqual([]);
  expect(await ownershipFingerprint(db())).toEqual(before);
  return error;
}

describe("the effect cannot be applied: nothing is recorded", () => {
  it("the target department was archived between preparing and deciding", async () => {
    const target = await makeHeadedDepartment(db(), `Target ${uniq()}`);
    const p = await prepare(target);
    await archiveDirectly(db(), target.id);
    const e = await expectAtomicFailure(p, () => p.decide());
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).fieldErrors.effectDepartmentId).toEqual([`${target.name} is archived; choose a current department.`]);
  });

  it("the target department was archived by the admin through the app a moment before", async () => {
    const target = await makeHeadedDepartment(db(), `Target ${uniq()}`);
    const p = await prepare(target);
    await archiveDepartment({ actor: w.cast.actors.admin, departmentId: target.id, reason: "Merged" });
    const e = await expectAtomicFailure(p, () => p.decide());
    expect((e as DomainError).kind).toBe("invalid");
  });

  it("the accountable person was deactivated a moment before (directly, then through the app)", async () => {
    const target = await makeHeadedDepartment(db(), `Target ${uniq()}`);
    const p = await prepare(target);
    await db().update(users).set({ active: false }).where(eq(users.id, target.head.id));
    const e1 = await expectAtomicFailure(p, () => p.decide());
    expect((e1 as DomainError).fieldErrors.effectPersonId).toEqual([`${target.head.name} is deactivated; choose an active person.`]);

    await setUserActive({ actor: w.cast.actors.admin, userId: target.member.id, active: false, reason: "Left" });
    const e2 = await expectAtomicFailure(p, () => p.decide({ effectPersonId: target.member.id }));
    expect((e2 as DomainError).fieldErrors.effectPersonId).toEqual([`${target.member.name} is deactivated; choose an active person.`]);
  });

  it("the stage was archived a moment before", async () => {
    const p = await prepare(w.gamma);
    await db().update(stages).set({ archived: true }).where(eq(stages.id, p.stageId));
    const e = await expectAtomicFailure(p, () => p.decide());
    expect(e).toMatchObject({ kind: "conflict", message: "This stage or its journey is archived; its ownership can no longer change." });
  });
});

describe("a later write of the same transaction fails after the ownership was changed: all of it rolls back", () => {
  // A trigger that fails one chosen write, standing in for any failure after the effect was applied.
  // Only the owner can add one; the command under test still runs as the runtime role.
  async function withFailingWrite(table: string, event: string, when: string, run: () => Promise<unknown>) {
    await asOwner(async (owner) => {
      await owner.execute(sql.raw(`create or replace function tl_test_fail_write() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`));
      await owner.execute(sql.raw(`create trigger tl_test_fail_write before ${event} on ${table} for each row when (${when}) execute function tl_test_fail_write()`));
    });
    try {
      return await run();
    } finally {
      await asOwner((owner) => owner.execute(sql.raw(`drop trigger tl_test_fail_write on ${table}`)));
    }
  }

  const faults: [string, string, string, string][] = [
    ["closing the dispute", "disputes", "update", "new.status = 'decided'"],
    ["the decision's audit event", "audit_events", "insert", "new.action = 'decision.recorded'"],
    ["notifying the parties", "notifications", "insert", "new.kind = 'dispute_decided'"],
  ];
  it.each(faults)("%s fails", async (_, table, event, when) => {
    const p = await prepare(w.gamma);
    const e = await withFailingWrite(table, event, when, () => expectAtomicFailure(p, () => p.decide()));
    expect(String((e as Error).cause ?? e)).toMatch(/injected failure/);
    // The same decision goes through once nothing fails, so the fault was the only reason.
    const { decisionId } = await p.decide();
    expect(await ownerOf(db(), p.stageId)).toBe(w.gamma.id);
    expect((await decisionsOf(db(), p.disputeId)).map((d) => d.id)).toEqual([decisionId]);
    expect((await disputeRow(db(), p.disputeId)).status).toBe("decided");
  });
});
