import { AsyncLocalStorage } from "node:async_hooks";
import { and, eq, inArray, notInArray } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { confirmDeactivationAction, updateUserAction } from "@/app/(app)/admin/actions";
import { users } from "@/db/schema";
import { UNEXPECTED_ERROR, type ActionResult } from "@/lib/actions";
import { currentUser, type Actor } from "@/lib/auth/current-user";
import { CONCURRENT_CHANGE_ERROR } from "@/lib/errors";
import { rolesWith } from "@/lib/permissions";
import { OWN_ACCESS_CHANGED } from "@/lib/users/commands";
import { usingPostgres, useTestDatabase } from "../helpers/db";
import { actorOf, makeUser } from "../helpers/factories";
import { offboardingForm } from "../helpers/offboarding";

/** Deactivation as the admin screen posts it: the preview's fingerprint (an admin owns nothing). */
const deactivate = async (userId: string) => offboardingForm(db(), { kind: "person", id: userId }, {}, "Race");

// Two admins deactivating (or demoting) each other at the same moment once answered "Something
// went wrong" about one time in four: each transaction locked its target first and then every
// admin, in opposite orders, and PostgreSQL broke the deadlock by aborting one of them. Every
// round must now end with clear answers only, and with at least one active admin left.

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

/** The refusals a loser may get: a rule's own answer (the last admin; the actor's own access changed), or the named concurrent change. */
const EXPECTED_REFUSALS = [
  "This is the last active admin; make someone else an admin before deactivating them.",
  "This is the last active admin; make someone else an admin before changing this role.",
  OWN_ACCESS_CHANGED,
  CONCURRENT_CHANGE_ERROR,
];

async function activeAdmins(ids: string[]) {
  return db()
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), inArray(users.role, rolesWith("users.manage")), eq(users.active, true)));
}

/** Earlier rounds' admins step aside (test scaffolding, straight to the table). */
async function onlyAdmins(ids: string[]) {
  await db()
    .update(users)
    .set({ active: false })
    .where(and(inArray(users.role, rolesWith("users.manage")), eq(users.active, true), notInArray(users.id, ids)));
}

const tally = new Map<string, number>();

function expectClearAnswers(results: ActionResult<unknown>[]) {
  for (const r of results) {
    const key = r.ok ? "ok" : r.error;
    tally.set(key, (tally.get(key) ?? 0) + 1);
    if (r.ok) continue;
    expect(r.error, JSON.stringify(r)).not.toBe(UNEXPECTED_ERROR);
    expect(EXPECTED_REFUSALS, JSON.stringify(r)).toContain(r.error);
    expect(["conflict", "forbidden"]).toContain(r.code);
  }
}

const ROUNDS = 40;

describe("two admins act on each other at the same moment", () => {
  it(`deactivating each other (${ROUNDS} rounds): clear answers, one admin always left`, async () => {
    let bothRefused = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = [await makeUser(db(), { role: "admin" }), await makeUser(db(), { role: "admin" })];
      await onlyAdmins([a.id, b.id]); // alone in the company: the last-admin rule must keep one
      const [formB, formA] = [await deactivate(b.id), await deactivate(a.id)];
      const results = await Promise.all([
        asUser(actorOf(a), () => confirmDeactivationAction(null, formB)),
        asUser(actorOf(b), () => confirmDeactivationAction(null, formA)),
      ]);
      expectClearAnswers(results);
      expect(results.filter((r) => r.ok).length, JSON.stringify(results)).toBeLessThanOrEqual(1);
      if (results.every((r) => !r.ok)) bothRefused++;
      expect(await activeAdmins([a.id, b.id])).toHaveLength(results.some((r) => r.ok) ? 1 : 2);
    }
    console.log(`[race] mutual deactivation: ${ROUNDS} rounds, both refused in ${bothRefused}`);
  });

  it(`demoting each other (${ROUNDS} rounds): clear answers, one admin always left`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = [await makeUser(db(), { role: "admin" }), await makeUser(db(), { role: "admin" })];
      await onlyAdmins([a.id, b.id]);
      const demote = (u: typeof a) => ({ userId: u.id, name: u.name, role: "executive" as const, departmentId: "" });
      const results = await Promise.all([
        asUser(actorOf(a), () => updateUserAction(null, demote(b))),
        asUser(actorOf(b), () => updateUserAction(null, demote(a))),
      ]);
      expectClearAnswers(results);
      expect(results.filter((r) => r.ok).length, JSON.stringify(results)).toBeLessThanOrEqual(1);
      expect(await activeAdmins([a.id, b.id])).toHaveLength(results.some((r) => r.ok) ? 1 : 2);
    }
  });

  it(`with a third admin, both may go (${ROUNDS} rounds): never a crash, never zero admins`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const trio = [await makeUser(db(), { role: "admin" }), await makeUser(db(), { role: "admin" }), await makeUser(db(), { role: "admin" })] as const;
      await onlyAdmins(trio.map((u) => u.id));
      const [a, b] = trio;
      const [formB, formA] = [await deactivate(b.id), await deactivate(a.id)];
      const results = await Promise.all([
        asUser(actorOf(a), () => confirmDeactivationAction(null, formB)),
        asUser(actorOf(b), () => confirmDeactivationAction(null, formA)),
      ]);
      expectClearAnswers(results);
      expect((await activeAdmins(trio.map((u) => u.id))).length).toBeGreaterThanOrEqual(1);
    }
  });
});

it("reports the answers", () => {
  console.log("[race] admin answers:", JSON.stringify(Object.fromEntries(tally)));
});
