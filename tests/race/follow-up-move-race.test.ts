import { and, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { followUps } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { assignOwnership } from "@/lib/ownership/commands";
import { recordSignalBatch } from "@/lib/signals/commands";
import { signalBatchSchema } from "@/lib/signals/schemas";
import { usingPostgres, useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, makeHeadedDepartment, makeJourney, type HeadedDepartment } from "../helpers/ownership-fixtures";

// A stage's open follow-ups belong to its accountable department and move with the stage. A
// negative signal arriving while the stage changes owner must not open a follow-up for the
// department that just lost it. What serialises the two: the change of owner locks the stage row
// FOR UPDATE (lib/ownership/state.ts), and the intake's inserts check their foreign key to the
// stage with FOR KEY SHARE, which conflicts with it. So either the intake waits and reads the new
// owner, or the change waits for the intake's follow-up and moves it. Weakening the stage lock to
// FOR NO KEY UPDATE would let the two interleave; this test is there to say so.
beforeAll(() => {
  if (!usingPostgres) throw new Error("The race suite needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project \"race\").");
});

const db = useTestDatabase();
let cco: Actor;
let member: Actor;
let a: HeadedDepartment;
let b: HeadedDepartment;

beforeAll(async () => {
  const cast = await makeCast(db());
  cco = cast.actors.cco;
  member = cast.actors.member;
  a = await makeHeadedDepartment(db());
  b = await makeHeadedDepartment(db());
});

const negative = (stageId: string) => signalBatchSchema.parse({ signals: [{ stageId, source: "survey", receivedAt: new Date(Date.now() - 60_000).toISOString(), scale: "csat", score: 1 }] });

describe("negative signals arriving while the stage changes owner", () => {
  it("every open follow-up ends with the stage's final owner, over many rounds", async () => {
    const { stageIds } = await makeJourney(cco, 24);
    for (const [round, stageId] of stageIds.entries()) {
      const [from, to] = round % 2 ? [b, a] : [a, b];
      await assignOwnership({ actor: cco, input: assignInput(stageId, from) });
      const intakes = Array.from({ length: 16 }, () => recordSignalBatch({ actor: member, input: negative(stageId) }));
      const change = assignOwnership({ actor: cco, input: assignInput(stageId, to, { reason: `Round ${round}` }) });
      const settled = await Promise.allSettled([...intakes, change]);
      expect(settled.filter((s) => s.status === "rejected").map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
      const open = await db().select({ departmentId: followUps.departmentId }).from(followUps).where(and(eq(followUps.stageId, stageId), ne(followUps.status, "closed")));
      expect(open).toHaveLength(16);
      expect(open.filter((f) => f.departmentId !== to.id), `round ${round}: follow-ups left with the department that lost the stage`).toEqual([]);
    }
  });
});
