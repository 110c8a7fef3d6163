import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/current-user";
import { raiseDispute, saveStatement } from "@/lib/disputes/commands";
import { getDispute } from "@/lib/disputes/queries";
import { DomainError, type ErrorKind } from "@/lib/errors";
import { goalFormOptions } from "@/lib/goals/queries";
import { listAssignablePeople, listPendingHandoffs } from "@/lib/journeys/queries";
import { proposeHandoff } from "@/lib/ownership/commands";
import { can, ROLES, type Role } from "@/lib/permissions";
import { getUser, listPeople, listUsers } from "@/lib/users/queries";
import { userFilterSchema } from "@/lib/users/schemas";
import { makeDisputeWorld, makeStage, raiseInput, type DisputeWorld } from "../helpers/dispute-fixtures";
import { useTestDatabase } from "../helpers/db";

// Reads take the acting user and meet the same permission table as commands: a query that
// hands out people's emails or every department's people refuses a caller who may not see
// them (and lists only what the caller may see), exactly as the matching command would.

const db = useTestDatabase();

let w: DisputeWorld;
let actors: Record<Role, Actor>;
beforeAll(async () => {
  w = await makeDisputeWorld(db());
  // "head" and "member" stand for Alpha's: a department with people and stages of its own.
  actors = { ...w.cast.actors, head: w.alpha.head, member: w.alpha.member };
});

async function outcome(run: () => Promise<unknown>): Promise<"ok" | ErrorKind> {
  try {
    await run();
    return "ok";
  } catch (e) {
    if (e instanceof DomainError) return e.kind;
    throw e;
  }
}

/** Calls `query` as every role; the ones without `capability` must be refused with `refusal`. */
async function expectByRole(capability: Parameters<typeof can>[1], query: (actor: Actor) => Promise<unknown>, refusal: ErrorKind = "forbidden") {
  const seen = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await outcome(() => query(actors[r]))])));
  expect(seen).toEqual(Object.fromEntries(ROLES.map((r) => [r, can(r, capability) ? "ok" : refusal])));
}

describe("queries that return people check the caller", () => {
  it("listUsers and getUser (emails, roles, invites): admins only", async () => {
    await expectByRole("users.manage", (actor) => listUsers({ actor, filter: userFilterSchema.parse({}) }));
    await expectByRole("users.manage", (actor) => getUser({ actor, userId: w.alpha.member.id }));
    const rows = await listUsers({ actor: actors.admin, filter: userFilterSchema.parse({ q: w.alpha.member.email }) });
    expect(rows.rows.map((r) => r.email)).toEqual([w.alpha.member.email]);
  });

  it("listPeople (the audit log's actor filter): only who reads the log, and never emails", async () => {
    await expectByRole("audit.read", (actor) => listPeople({ actor }));
    const people = await listPeople({ actor: actors.executive });
    expect(people.length).toBeGreaterThan(5);
    for (const p of people) expect(Object.keys(p).sort()).toEqual(["active", "id", "name"]);
  });

  it("listAssignablePeople (every department's people): only the CCO, who assigns and decides", async () => {
    await expectByRole("ownership.assign", (actor) => listAssignablePeople({ actor }));
    const people = await listAssignablePeople({ actor: actors.cco });
    expect(people.map((p) => p.id)).toEqual(expect.arrayContaining([w.alpha.head.id, w.beta.member.id]));
  });

  it("goalFormOptions (a department's people): only who may set that department's goals", async () => {
    const options = (actor: Actor) => goalFormOptions({ actor, departmentId: w.alpha.id });
    expect(await outcome(() => options(w.alpha.head))).toBe("ok");
    expect(await outcome(() => options(actors.cco))).toBe("ok");
    for (const actor of [w.beta.head, w.alpha.member, actors.executive, actors.admin]) expect(await outcome(() => options(actor)), actor.name).toBe("forbidden");
    expect((await options(w.alpha.head)).people.map((p) => p.id).sort()).toEqual([w.alpha.head.id, w.alpha.member.id].sort());
  });

  it("listPendingHandoffs: nothing for roles that do not handle handoffs; a head sees their own department's only", async () => {
    const { stageId } = await makeStage(w.cco, w.alpha);
    const { handoffId } = await proposeHandoff({ actor: w.alpha.head, input: { stageId, toDepartmentId: w.beta.id, note: "Yours", goalDisposition: "move", force: false } });
    for (const r of ROLES) {
      const ids = (await listPendingHandoffs(actors[r])).map((h) => h.id);
      expect(ids.includes(handoffId), r).toBe(can(r, "handoffs.manage"));
    }
    expect((await listPendingHandoffs(w.gamma.head)).map((h) => h.id)).not.toContain(handoffId);
    expect((await listPendingHandoffs(w.beta.head)).find((h) => h.id === handoffId)).toMatchObject({ incoming: true });
  });
});

describe("a dispute and its statements", () => {
  it("every signed-in role may read a dispute (the product's table); one that does not exist is not found", async () => {
    const { disputeId } = await raiseDispute({ actor: w.alpha.head, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) });
    await saveStatement({ actor: w.beta.head, disputeId, departmentId: w.beta.id, statement: "Our side", proposal: "" });
    await expectByRole("app.view", (actor) => getDispute({ actor, disputeId }));
    const shown = await getDispute({ actor: actors.member, disputeId });
    expect(shown.parties.find((p) => p.departmentId === w.beta.id)?.statement).toBe("Our side");
    for (const r of ROLES) expect(await outcome(() => getDispute({ actor: actors[r], disputeId: crypto.randomUUID() })), r).toBe("not_found");
  });
});
