import { beforeEach, describe, expect, it } from "vitest";
import { currentDashboard, forgetDashboards, MAX_AGE_MS } from "@/lib/dashboard/cache";
import { assignOwnership } from "@/lib/ownership/commands";
import { recordSignal } from "@/lib/signals/commands";
import { signalSchema } from "@/lib/signals/schemas";
import { useTestDatabase } from "../helpers/db";
import { assignInput, makeHeadedDepartment, makeJourney } from "../helpers/ownership-fixtures";
import { makeCast } from "../helpers/factories";

// The dashboard page's figures are shared between views until the data changes (a new audit
// event, from this server or another) or a minute passes (figures that move with the clock).
const db = useTestDatabase();

beforeEach(() => forgetDashboards());

const owned = (d: Awaited<ReturnType<typeof currentDashboard>>) => d.figures.coverage.reduce((n, c) => n + c.owned, 0);

describe("the dashboard's shared figures", () => {
  it("serves the same computation while nothing changed, and a fresh one after an audited change", async () => {
    const cast = await makeCast(db());
    const dep = await makeHeadedDepartment(db(), "Cache department");
    const { stageIds } = await makeJourney(cast.actors.cco, 1);
    const t0 = new Date();
    const first = await currentDashboard({}, t0);
    const again = await currentDashboard({}, new Date(t0.getTime() + 1_000));
    expect(again.computedAt).toEqual(first.computedAt);
    expect(again.figures).toBe(first.figures);

    await assignOwnership({ actor: cast.actors.cco, input: assignInput(stageIds[0]!, dep) });
    const after = await currentDashboard({}, new Date(t0.getTime() + 2_000));
    expect(after.computedAt.getTime()).toBe(t0.getTime() + 2_000);
    expect(owned(after)).toBe(owned(first) + 1);
  });

  it("recomputes once the figures are a minute old, even with no change", async () => {
    const t0 = new Date();
    const first = await currentDashboard({}, t0);
    expect((await currentDashboard({}, new Date(t0.getTime() + MAX_AGE_MS - 1))).computedAt).toEqual(first.computedAt);
    expect((await currentDashboard({}, new Date(t0.getTime() + MAX_AGE_MS))).computedAt.getTime()).toBe(t0.getTime() + MAX_AGE_MS);
  });

  it("keeps each filter's figures apart", async () => {
    const cast = await makeCast(db());
    const { journeyId } = await makeJourney(cast.actors.cco, 2);
    const all = await currentDashboard({});
    const one = await currentDashboard({ journeyId });
    expect(one.figures).not.toBe(all.figures);
    expect(one.figures.coverage.map((c) => c.journeyId)).toEqual([journeyId]);
    // The filter's choices come with the figures: the new journey is among them.
    expect(all.figures.journeyOptions.map((j) => j.id)).toContain(journeyId);
  });

  it("shares one computation between simultaneous views", async () => {
    // Each view would otherwise start its own: eight computations, eight results.
    const views = await Promise.all(Array.from({ length: 8 }, () => currentDashboard({})));
    expect(new Set(views.map((v) => v.figures)).size).toBe(1);
  });

  it("holds the follow-ups' figures with the rest, and counts a follow-up opened by an audited signal on the next view", async () => {
    const cast = await makeCast(db());
    const { stageIds } = await makeJourney(cast.actors.cco, 1);
    const t0 = new Date();
    // Asked only by the views that show them: the figures alone leave them out.
    expect((await currentDashboard({}, t0)).followUps).toBeNull();
    const first = await currentDashboard({}, t0, { followUps: true });
    const again = await currentDashboard({}, new Date(t0.getTime() + 1_000), { followUps: true });
    expect(again.followUps).toBe(first.followUps);
    expect(again.computedAt).toEqual(first.computedAt);

    const { followUpId } = await recordSignal({ actor: cast.actors.cco, input: signalSchema.parse({ stageId: stageIds[0], source: "survey", scale: "csat", score: "1", receivedAt: "2026-03-01T10:00" }) });
    expect(followUpId).not.toBeNull();
    const after = await currentDashboard({}, new Date(t0.getTime() + 2_000), { followUps: true });
    expect(after.followUps!.open).toBe(first.followUps!.open + 1);
    expect(after.followUps!.rows.some((r) => r.stageId === stageIds[0])).toBe(true);
    expect(after.computedAt.getTime()).toBe(t0.getTime() + 2_000);
  });
});
