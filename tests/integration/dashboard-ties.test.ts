import { describe, expect, it } from "vitest";
import { raiseDispute } from "@/lib/disputes/commands";
import { getDashboard } from "@/lib/dashboard/queries";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { makeHeadedDepartment } from "../helpers/ownership-fixtures";

// Rows the dashboard ranks equal come in one order every time (their names), not in whatever
// order PostgreSQL grouped them: the first rows shown must not change while nothing changed.
const db = useTestDatabase();

describe("ties on the dashboard", () => {
  it("hot spots with as many disputes come in the order of their departments' names", async () => {
    const cast = await makeCast(db());
    // Created, and disputed, in the reverse of the order they are expected in.
    const [d, c, b, a] = [
      await makeHeadedDepartment(db(), "Tie Delta"),
      await makeHeadedDepartment(db(), "Tie Charlie"),
      await makeHeadedDepartment(db(), "Tie Bravo"),
      await makeHeadedDepartment(db(), "Tie Alpha"),
    ];
    for (const [x, y] of [[c!, d!], [b!, d!], [b!, c!], [a!, d!], [a!, c!], [a!, b!]] as const) {
      await raiseDispute({
        actor: cast.actors.cco,
        input: { kind: "standards", title: `${x.name} and ${y.name}`, description: "Both say the other", partyDepartmentIds: [x.id, y.id], stageId: null, handoffId: null },
      });
    }
    const spots = (await getDashboard({})).hotSpots.map((h) => [h.a, h.b].sort().join(" ↔ "));
    expect(spots).toEqual([
      "Tie Alpha ↔ Tie Bravo",
      "Tie Alpha ↔ Tie Charlie",
      "Tie Alpha ↔ Tie Delta",
      "Tie Bravo ↔ Tie Charlie",
      "Tie Bravo ↔ Tie Delta",
      "Tie Charlie ↔ Tie Delta",
    ]);
  });
});
