import { AsyncLocalStorage } from "node:async_hooks";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { confirmArchiveAction, confirmDeactivationAction } from "@/app/(app)/admin/actions";
import { assignOwnershipAction, claimStageAction } from "@/app/(app)/journeys/actions";
import { departments, users } from "@/db/schema";
import { UNEXPECTED_ERROR, type ActionResult } from "@/lib/actions";
import { currentUser, type Actor } from "@/lib/auth/current-user";
import { STALE_PREVIEW } from "@/lib/offboarding/commands";
import { usingPostgres, useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { offboardingForm } from "../helpers/offboarding";
import { assignInput, currentAccountable, makeHeadedDepartment, makeJourney, uniq } from "../helpers/ownership-fixtures";

// A claim or an assignment racing the deactivation of the person it gives the stage to (or the
// archive of their department) must never end with a stage held by a deactivated person or an
// archived department that nobody was shown. The commands lock the person and the department
// (FOR SHARE against the offboarding's FOR UPDATE): either the claim lands first and the
// deactivation, whose preview no longer matches, is refused as stale; or the deactivation lands
// first and the claim is refused.

beforeAll(() => {
  if (!usingPostgres) throw new Error("The race suite needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project \"race\").");
});

const db = useTestDatabase();

// Each call runs as its own request with its own signed-in user (see claim-race.test.ts).
const requestActor = new AsyncLocalStorage<Actor>();
const asUser = <T>(actor: Actor, fn: () => Promise<T>) => requestActor.run(actor, fn);
beforeAll(() => {
  vi.mocked(currentUser).mockImplementation(async () => requestActor.getStore() ?? null);
});

let admin: Actor;
let cco: Actor;
beforeAll(async () => {
  const cast = await makeCast(db());
  admin = cast.actors.admin;
  cco = cast.actors.cco;
});

const ROUNDS = 25;
const tally = new Map<string, number>();
function count(label: string, results: ActionResult<unknown>[]) {
  const key = `${label}: ${results.map((r) => (r.ok ? "ok" : r.code)).join(" / ")}`;
  tally.set(key, (tally.get(key) ?? 0) + 1);
  for (const r of results) if (!r.ok) expect(r.error, JSON.stringify(r)).not.toBe(UNEXPECTED_ERROR);
}

describe("a claim races the deactivation of the head who claims", () => {
  it(`${ROUNDS} rounds: exactly one of the two lands; never a stage held by a deactivated head`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const dep = await makeHeadedDepartment(db(), `Claimers ${uniq()}`);
      const [stageId] = (await makeJourney(cco, 1)).stageIds;
      const form = await offboardingForm(db(), { kind: "person", id: dep.head.id }); // the head owns nothing yet
      const [claim, deactivation] = await Promise.all([
        asUser(dep.head, () => claimStageAction(null, { stageId: stageId!, reason: "" })),
        asUser(admin, () => confirmDeactivationAction(null, form)),
      ]);
      count("claim / deactivation", [claim, deactivation]);
      const [owner] = await currentAccountable(db(), stageId!);
      const [head] = await db().select().from(users).where(eq(users.id, dep.head.id));
      if (claim.ok) {
        expect(deactivation, JSON.stringify(deactivation)).toMatchObject({ ok: false, code: "stale", error: STALE_PREVIEW });
        expect(head!.active).toBe(true);
        expect(owner).toMatchObject({ personId: dep.head.id });
      } else {
        expect(deactivation, JSON.stringify(deactivation)).toMatchObject({ ok: true });
        expect(claim.code, JSON.stringify(claim)).toBe("forbidden");
        expect(head!.active).toBe(false);
        expect(owner).toBeUndefined();
      }
    }
  });
});

describe("a claim races the archive of the claimer's department", () => {
  it(`${ROUNDS} rounds: exactly one of the two lands; never a stage held by an archived department`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const dep = await makeHeadedDepartment(db(), `Archived ${uniq()}`);
      const [stageId] = (await makeJourney(cco, 1)).stageIds;
      const form = await offboardingForm(db(), { kind: "department", id: dep.id });
      const [claim, archive] = await Promise.all([
        asUser(dep.head, () => claimStageAction(null, { stageId: stageId!, reason: "" })),
        asUser(admin, () => confirmArchiveAction(null, form)),
      ]);
      count("claim / archive", [claim, archive]);
      const [owner] = await currentAccountable(db(), stageId!);
      const [row] = await db().select().from(departments).where(eq(departments.id, dep.id));
      if (claim.ok) {
        expect(archive, JSON.stringify(archive)).toMatchObject({ ok: false, code: "stale" });
        expect(row!.archived).toBe(false);
        expect(owner).toMatchObject({ departmentId: dep.id });
      } else {
        expect(archive, JSON.stringify(archive)).toMatchObject({ ok: true });
        expect(claim.code, JSON.stringify(claim)).toBe("conflict");
        expect(row!.archived).toBe(true);
        expect(owner).toBeUndefined();
      }
    }
  });
});

describe("a CCO's assignment races the deactivation of the person it names", () => {
  it(`${ROUNDS} rounds: exactly one of the two lands; never a stage given to a deactivated person`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const dep = await makeHeadedDepartment(db(), `Assigned ${uniq()}`);
      const [stageId] = (await makeJourney(cco, 1)).stageIds;
      const form = await offboardingForm(db(), { kind: "person", id: dep.head.id });
      const [assignment, deactivation] = await Promise.all([
        asUser(cco, () => assignOwnershipAction(null, assignInput(stageId!, dep))),
        asUser(admin, () => confirmDeactivationAction(null, form)),
      ]);
      count("assignment / deactivation", [assignment, deactivation]);
      const [owner] = await currentAccountable(db(), stageId!);
      const [head] = await db().select().from(users).where(eq(users.id, dep.head.id));
      if (assignment.ok) {
        expect(deactivation, JSON.stringify(deactivation)).toMatchObject({ ok: false, code: "stale" });
        expect(head!.active).toBe(true);
        expect(owner).toMatchObject({ personId: dep.head.id });
      } else {
        expect(deactivation, JSON.stringify(deactivation)).toMatchObject({ ok: true });
        expect(assignment.code, JSON.stringify(assignment)).toBe("invalid");
        expect(head!.active).toBe(false);
        expect(owner).toBeUndefined();
      }
    }
  });
});

it("reports the outcomes", () => {
  console.log("[race] offboarding outcomes:", JSON.stringify(Object.fromEntries(tally)));
});
