import { sql } from "drizzle-orm";
import type { Tx } from "../client";
import { customerSignals, followUpEvents, followUps } from "../schema";

// A modest customer's voice for the demo company, so the follow-up inbox, the dashboard card
// and the measured curve are not empty for a new user: three signals per stage over the last
// month, a few negative ones with their follow-ups (some overdue, one acknowledged, one closed),
// and a couple in the CCO's queue on stages nobody owns. Deterministic: no randomness.

type Scale = "csat" | "nps" | "ces";
type DemoSignal = { scale: Scale; score: number; daysAgo: number; comment?: string; source?: "survey" | "support" | "review" };

const POSITIVE: DemoSignal[] = [
  { scale: "csat", score: 5, daysAgo: 3, comment: "Quick and friendly." },
  { scale: "nps", score: 9, daysAgo: 12 },
];
const COMPLAINTS = [
  "Nobody called back although it was promised.",
  "Had to explain the problem three times to three people.",
  "The price on the invoice was not the price we agreed.",
  "Waited far too long without any news.",
];

/** The negative signals of a stage by its position in the seed: some stages have none, some several. */
function negativesFor(index: number, stageName: string): DemoSignal[] {
  if (stageName === "Getting help") {
    return [
      { scale: "csat", score: 1, daysAgo: 1, comment: "The chat closed while I was still typing.", source: "support" },
      { scale: "csat", score: 2, daysAgo: 4, comment: "Nobody called back although it was promised.", source: "support" },
      { scale: "nps", score: 3, daysAgo: 9, comment: "Had to explain the problem three times to three people.", source: "support" },
      { scale: "ces", score: 2, daysAgo: 16, comment: "Getting a refund took five emails.", source: "support" },
    ];
  }
  if (index % 3 === 2) return [];
  return [{ scale: index % 2 ? "nps" : "csat", score: index % 2 ? 4 : 2, daysAgo: 2 + ((index * 5) % 14), comment: COMPLAINTS[index % COMPLAINTS.length] }];
}

export async function seedDemoSignals(tx: Tx, stages: { name: string; id: string; departmentId: string | null }[], actors: { cco: string; byDepartment: Map<string, string> }) {
  const ago = (d: number) => new Date(Date.now() - d * 86_400_000 - 3_600_000);
  for (const [i, stage] of stages.entries()) {
    const rows = [...POSITIVE, { scale: "csat" as const, score: 4, daysAgo: 20 }].map((s) => ({ ...s, negative: false }));
    const negatives = negativesFor(i, stage.name).map((s) => ({ ...s, negative: true }));
    const inserted = await tx
      .insert(customerSignals)
      .values([...rows, ...negatives].map((s) => ({ stageId: stage.id, source: s.source ?? "survey", receivedAt: ago(s.daysAgo), scale: s.scale, score: String(s.score), comment: s.comment ?? null, channel: s.source === "support" ? "chat" : "email" })))
      .returning({ id: customerSignals.id, receivedAt: customerSignals.receivedAt });
    // The follow-ups as intake would have opened them when each signal came in: due five days later.
    for (const [k, s] of negatives.entries()) {
      const signal = inserted[rows.length + k]!;
      const createdAt = signal.receivedAt;
      const [f] = await tx
        .insert(followUps)
        .values({ signalId: signal.id, stageId: stage.id, departmentId: stage.departmentId, reason: "threshold", dueAt: sql`${createdAt.toISOString()}::timestamptz + interval '5 days'`, createdAt, updatedAt: createdAt })
        .returning({ id: followUps.id });
      await tx.insert(followUpEvents).values({ followUpId: f!.id, kind: "opened", toStatus: "open", toDepartmentId: stage.departmentId, createdAt });
      // On the busiest stage, one is acknowledged and the oldest is closed, so the history shows each step.
      const actor = stage.departmentId ? actors.byDepartment.get(stage.departmentId) ?? actors.cco : actors.cco;
      if (stage.name === "Getting help" && s.daysAgo === 9) {
        await tx.update(followUps).set({ status: "acknowledged" }).where(sql`id = ${f!.id}`);
        await tx.insert(followUpEvents).values({ followUpId: f!.id, kind: "acknowledged", fromStatus: "open", toStatus: "acknowledged", note: "Pulling the call log.", actorId: actor, createdAt: ago(8) });
      }
      if (stage.name === "Getting help" && s.daysAgo === 16) {
        await tx.update(followUps).set({ status: "closed", closedAt: ago(12) }).where(sql`id = ${f!.id}`);
        await tx.insert(followUpEvents).values([
          { followUpId: f!.id, kind: "acknowledged", fromStatus: "open", toStatus: "acknowledged", actorId: actor, createdAt: ago(15) },
          { followUpId: f!.id, kind: "action_taken", fromStatus: "acknowledged", toStatus: "action_taken", note: "Refunded the same day and apologised; refunds now go through one form.", actorId: actor, createdAt: ago(13) },
          { followUpId: f!.id, kind: "closed", fromStatus: "action_taken", toStatus: "closed", note: "The customer confirmed the refund arrived.", actorId: actor, createdAt: ago(12) },
        ]);
      }
    }
  }
}
