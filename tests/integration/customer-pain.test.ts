import { beforeAll, describe, expect, it } from "vitest";
import { customerSignals } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { customerPain } from "@/lib/dashboard/pain";
import { createGoal } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import { assignOwnership } from "@/lib/ownership/commands";
import { todayIn } from "@/lib/time";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, makeHeadedDepartment, makeJourney, type HeadedDepartment } from "../helpers/ownership-fixtures";

// Issue 14, the dashboard's customer pain: stages ranked by negative signals, with ownership
// gaps and the resources committed there.
const db = useTestDatabase();
let cco: Actor;
let dep: HeadedDepartment;
let journeyId: string;
let stages: string[];

const signals = (stageId: string, scores: number[], daysAgo = 1) =>
  scores.map((score) => ({ stageId, source: "survey" as const, scale: "csat" as const, score: String(score), receivedAt: new Date(Date.now() - daysAgo * 86_400_000) }));

beforeAll(async () => {
  cco = (await makeCast(db())).actors.cco;
  dep = await makeHeadedDepartment(db());
  ({ journeyId, stageIds: stages } = await makeJourney(cco, 4));
  await assignOwnership({ actor: cco, input: assignInput(stages[1]!, dep) });
  const { objectiveId } = (await createObjective({ actor: cco, input: { title: "Aim", description: "", periodStart: "2024-01-01", periodEnd: "2035-01-01" } }))!;
  const day = (n: number) => todayIn("UTC", new Date(Date.now() + n * 86_400_000));
  await createGoal({
    actor: cco,
    input: { stageId: stages[1]!, activate: true, title: "Fewer complaints", description: "Customers complain less.", metricName: "CSAT", metricUnit: "points", baseline: "3", target: "4", direction: "increase", startDate: day(-5), dueDate: day(90), ownerId: dep.head.id, objectiveId, budget: "12000", people: "3", resourcesNote: "" },
  });
  await db().insert(customerSignals).values([
    // Stage 1, unowned: 3 negative of 4.
    ...signals(stages[0]!, [1, 1, 2, 5]),
    // Stage 2, owned and funded: 5 negative of 10.
    ...signals(stages[1]!, [1, 1, 1, 2, 2, 4, 4, 5, 5, 5]),
    // Stage 3: only positive.
    ...signals(stages[2]!, [5, 4]),
    // Stage 4: negative, but older than the window.
    ...signals(stages[3]!, [1, 1, 1, 1, 1, 1], 200),
  ]);
});

describe("customer pain", () => {
  it("ranks stages by negative signals in the window, with ownership gaps and committed resources", async () => {
    const pain = await customerPain({ journeyId }, "UTC");
    expect(pain.rows.map((r) => r.stageId)).toEqual([stages[1], stages[0]]);
    const [funded, orphan] = pain.rows;
    expect(funded).toMatchObject({ negative: 5, signals: 10, share: 0.5, needsOwner: false, ownerName: dep.name, budget: 12000, people: 3, openGoals: 1 });
    expect(orphan).toMatchObject({ negative: 3, signals: 4, share: 0.75, needsOwner: true, ownerName: null, budget: 0, people: 0, openGoals: 0 });
    expect(pain.gaps).toBe(1);
  });

  it("narrows to a department's stages", async () => {
    const pain = await customerPain({ journeyId, departmentId: dep.id }, "UTC");
    expect(pain.rows.map((r) => r.stageId)).toEqual([stages[1]]);
    expect(pain.gaps).toBe(0);
  });
});
