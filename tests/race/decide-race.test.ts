import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, ownershipAssignments } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { recordDecision } from "@/lib/disputes/commands";
import { DomainError } from "@/lib/errors";
import { rows, useTestDatabase, usingPostgres } from "../helpers/db";
import { assignTo, decideInput, decisionsOf, disputeRow, disputeUnderReview, makeDisputeWorld, ownerOf, type DisputeWorld } from "../helpers/dispute-fixtures";
import { actorOf, makeUser } from "../helpers/factories";
import { currentAccountable } from "../helpers/ownership-fixtures";

// Two CCOs decide the same dispute at the same moment, each with a different ownership effect.
// Exactly one decision may land (the dispute row lock and the one-decision-per-dispute index
// both stand guard); every other caller is told the dispute is already decided, and the stage
// gets exactly one decided owner: the winner's. Real concurrency needs real connections, so
// this suite runs on PostgreSQL only (TEST_DATABASE_URL); PGlite runs one transaction at a time.

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const DECIDED = "This dispute is already decided; record a new dispute to revisit it.";

let w: DisputeWorld;
let ccos: [Actor, Actor];
beforeAll(async () => {
  if (!usingPostgres) throw new Error("The race suite needs PostgreSQL: set TEST_DATABASE_URL (see README).");
  w = await makeDisputeWorld(db());
  ccos = [w.cco, actorOf(await makeUser(db(), { role: "cco" }))];
});

type Figures = { rounds: number; contenders: number; maxMs: number; totalMs: number };

/** One round: `n` concurrent decisions on a fresh dispute under review; returns how long the slowest took. */
async function round(n: number): Promise<number> {
  // Beta owns the stage; contenders alternate between giving it to Alpha and to Gamma.
  const { stageId, disputeId } = await disputeUnderReview(w, w.alpha, w.beta);
  const targets = [w.alpha, w.gamma];
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: n }, (_, i) =>
      recordDecision({ actor: ccos[i % 2]!, input: decideInput(disputeId, { ...assignTo(targets[i % 2]!), outcome: `Contender ${i}` }) }).then((r) => ({ ...r, i })),
    ),
  );
  const elapsed = performance.now() - started;

  const won = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
  const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
  expect(won, "exactly one decision wins").toHaveLength(1);
  expect(lost).toHaveLength(n - 1);
  for (const e of lost) {
    expect(e, String(e)).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ kind: "conflict", message: DECIDED });
  }

  const winner = won[0]!;
  const decisions = await decisionsOf(db(), disputeId);
  expect(decisions.map((d) => [d.id, d.outcome, d.decidedById])).toEqual([[winner.decisionId, `Contender ${winner.i}`, ccos[winner.i % 2]!.id]]);
  const decided = await db().select().from(ownershipAssignments).where(and(eq(ownershipAssignments.stageId, stageId), eq(ownershipAssignments.source, "decided")));
  expect(decided.map((r) => [r.decisionId, r.departmentId, r.raci])).toEqual([[winner.decisionId, targets[winner.i % 2]!.id, "accountable"]]);
  expect(await currentAccountable(db(), stageId)).toHaveLength(1);
  expect(await ownerOf(db(), stageId)).toBe(targets[winner.i % 2]!.id);
  expect(await disputeRow(db(), disputeId)).toMatchObject({ status: "decided" });
  const recorded = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "decision.recorded"), eq(auditEvents.entityId, winner.decisionId)));
  expect(recorded).toHaveLength(1);
  const [{ n: stageEvents } = { n: -1 }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where action = 'ownership.assigned' and entity_id = ${stageId}`);
  // One assignment set Beta up, one applied the winning decision.
  expect(stageEvents).toBe(2);
  return elapsed;
}

async function rounds(count: number, contenders: number): Promise<void> {
  const figures: Figures = { rounds: count, contenders, maxMs: 0, totalMs: 0 };
  for (let r = 0; r < count; r++) {
    const ms = await round(contenders);
    figures.maxMs = Math.max(figures.maxMs, ms);
    figures.totalMs += ms;
  }
  console.log(`[decide-race] ${count} rounds × ${contenders} concurrent decisions: 1 winner each, slowest round ${figures.maxMs.toFixed(0)} ms, mean ${(figures.totalMs / count).toFixed(0)} ms`);
}

describe("concurrent decisions on one dispute (PostgreSQL)", () => {
  it("two CCOs deciding at once: exactly one decision and one decided owner, round after round", async () => {
    await rounds(8, 2);
  });

  it("ten concurrent decisions: exactly one wins, nine are told it is already decided", async () => {
    await rounds(5, 10);
  });
});
