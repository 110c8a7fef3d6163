import { beforeEach, describe, expect, it } from "vitest";
import { MAX_AGE_MS } from "@/lib/data-version";
import { raiseDispute } from "@/lib/disputes/commands";
import { forgetNavCounts, navCounts } from "@/lib/my-work/nav-counts";
import { myWorkCount } from "@/lib/my-work/queries";
import { assignOwnership } from "@/lib/ownership/commands";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, makeHeadedDepartment, makeJourney } from "../helpers/ownership-fixtures";

// The navigation's counts are held per data version (lib/data-version.ts): the same answer while
// nothing audited has happened, the new one on the first page after a change, and never older
// than a minute.
const db = useTestDatabase();

beforeEach(() => forgetNavCounts());

describe("the navigation's counts", () => {
  it("are held while nothing changed and follow an audited change on the next page", async () => {
    const cast = await makeCast(db());
    const a = await makeHeadedDepartment(db());
    const b = await makeHeadedDepartment(db());
    const { stageIds } = await makeJourney(cast.actors.cco, 1);
    await assignOwnership({ actor: cast.actors.cco, input: assignInput(stageIds[0]!, a) });
    const t0 = new Date();
    const before = await navCounts(a.head, t0);
    expect(before.waiting).toBe(await myWorkCount(a.head));

    // The same answer, not a new count, while nothing has changed…
    expect(await navCounts(a.head, new Date(t0.getTime() + 1_000))).toBe(before);

    // …and a dispute raised through the application (audited) is counted on the next page.
    await raiseDispute({
      actor: b.head,
      input: { kind: "standards", title: "Who answers the refund mail", description: "Both of us think the other does.", partyDepartmentIds: [a.id, b.id], stageId: null, handoffId: null },
    });
    const after = await navCounts(a.head, new Date(t0.getTime() + 2_000));
    expect(after.waiting).toBe(before.waiting + 1);
    expect(after.waiting).toBe(await myWorkCount(a.head));
  });

  it("are recomputed once a minute old, and kept apart by role and department", async () => {
    const cast = await makeCast(db());
    const a = await makeHeadedDepartment(db());
    const t0 = new Date();
    const cco = await navCounts(cast.actors.cco, t0);
    const head = await navCounts(a.head, t0);
    expect(cco).not.toBe(head);
    expect(await navCounts(cast.actors.cco, new Date(t0.getTime() + MAX_AGE_MS - 1))).toBe(cco);
    expect(await navCounts(cast.actors.cco, new Date(t0.getTime() + MAX_AGE_MS))).not.toBe(cco);
  });
});
