import crypto from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as disputeActions from "@/app/(app)/disputes/actions";
import { SIGNED_OUT_ERROR, type ActionResult } from "@/lib/actions";
import type { Actor } from "@/lib/auth/current-user";
import { raiseDispute } from "@/lib/disputes/commands";
import { can, ROLES, type Capability, type Role } from "@/lib/permissions";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { decisionsOf, disputeRow, disputeUnderReview, makeDisputeWorld, ownerOf, raiseInput, type DisputeWorld } from "../helpers/dispute-fixtures";
import { expectUnchanged, ownershipFingerprint } from "../helpers/ownership-fixtures";
import { signInAs } from "../helpers/session";

// current-user pulls in the Auth.js config, which imports "next/server" without an extension.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const actions = disputeActions;
type ActionName = keyof typeof actions;
type AnyAction = (prev: unknown, payload: unknown) => Promise<ActionResult<unknown>>;
const call = (name: ActionName, payload: unknown) => (actions[name] as unknown as AnyAction)(null, payload);
const HIGHLIGHTED = "Please correct the highlighted fields.";

let w: DisputeWorld;
let cast: DisputeWorld["cast"];
beforeAll(async () => {
  w = await makeDisputeWorld(db());
  cast = w.cast;
});

/** A dispute between Alpha and Beta raised by `raiser` (Alpha's head unless the caller may raise one). */
async function openDispute(raiser: Actor | null = null) {
  const actor = raiser && can(raiser.role, "disputes.raise") ? raiser : w.alpha.head;
  return (await raiseDispute({ actor, input: raiseInput({ partyDepartmentIds: [w.beta.id] }) })).disputeId;
}

/**
 * Every dispute server action, the capability it must require, an input built fresh for each
 * call that satisfies the domain rule for an allowed caller (statements: the caller heads a
 * party; withdrawal: the caller raised it), and the audit events an allowed call writes.
 * `domainOnly` names allowed roles for which no input can satisfy the rule: the action is
 * refused by the command, with its message, and still writes nothing.
 */
const registry: { name: ActionName; capability: Capability; input: (actor: Actor | null) => Promise<Record<string, unknown>>; audit: string[]; domainOnly?: Partial<Record<Role, string>> }[] = [
  { name: "raiseDisputeAction", capability: "disputes.raise", input: async () => ({ kind: "resources", title: "Budget", description: "Who pays?", partyDepartmentIds: [w.beta.id] }), audit: ["dispute.raised"] },
  {
    name: "saveStatementAction",
    capability: "disputes.raise",
    input: async (actor) => {
      const disputeId = await openDispute();
      return { disputeId, departmentId: actor?.role === "head" ? actor.departmentId : w.beta.id, statement: "Our position", proposal: "" };
    },
    audit: ["dispute.statement_saved"],
    domainOnly: { cco: "Only the head of a party department can write its statement.", executive: "Only the head of a party department can write its statement." },
  },
  { name: "addCommentAction", capability: "disputes.raise", input: async () => ({ disputeId: await openDispute(), body: "A thought" }), audit: ["dispute.commented"] },
  { name: "takeDisputeAction", capability: "decisions.record", input: async () => ({ disputeId: await openDispute() }), audit: ["dispute.taken_under_review"] },
  { name: "withdrawDisputeAction", capability: "disputes.raise", input: async (actor) => ({ disputeId: await openDispute(actor), reason: "Sorted" }), audit: ["dispute.withdrawn"] },
  {
    name: "recordDecisionAction",
    capability: "decisions.record",
    input: async () => {
      const { disputeId } = await disputeUnderReview(w, w.alpha, w.beta);
      return { disputeId, outcome: "Alpha owns it", rationale: "Closest to the customer", assignOwnership: "on", effectDepartmentId: w.alpha.id, effectPersonId: w.alpha.head.id };
    },
    audit: ["ownership.assigned", "decision.recorded"],
  },
];

describe("the authorisation matrix for dispute actions", () => {
  it("covers every exported action, once", () => {
    expect(registry.map((e) => e.name).sort()).toEqual(Object.keys(actions).sort());
    expect(new Set(registry.map((e) => e.name)).size).toBe(registry.length);
  });

  const callers: (Role | null)[] = [...ROLES, null];
  describe.each(registry)("$name ($capability)", ({ name, capability, input, audit, domainOnly }) => {
    it.each(callers)("called as %s", async (role) => {
      // The home department's head of the cast is not a party; Alpha's head stands in for "head".
      const actor = role === "head" ? w.alpha.head : role ? cast.actors[role] : null;
      signInAs(actor);
      const payload = await input(actor);
      const before = await ownershipFingerprint(db());
      const mark = await auditMark(db());
      const result = await call(name, payload);
      const refusal = role && domainOnly?.[role];
      if (role && can(role, capability) && !refusal) {
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
        const events = await auditSince(db(), mark);
        expect(events.map((e) => e.action)).toEqual(audit);
        expect(events.every((e) => e.actorId === actor!.id)).toBe(true);
      } else {
        const error = refusal || (role ? "You do not have permission to do that." : SIGNED_OUT_ERROR);
        expect(result).toEqual({ ok: false, code: role ? "forbidden" : "unauthenticated", error, fieldErrors: {} });
        expect(await ownershipFingerprint(db())).toEqual(before);
      }
    });
  });
});

describe("what the actions answer", () => {
  it("a real form post raises a dispute with several parties and says who was told", async () => {
    const form = new FormData();
    form.set("$ACTION_ID_abc", "");
    for (const [k, v] of Object.entries({ kind: "standards", stageId: "", title: "Response times", description: "Too slow" })) form.set(k, v);
    form.append("partyDepartmentIds", w.beta.id);
    form.append("partyDepartmentIds", w.gamma.id);
    signInAs(w.alpha.head);
    const result = await call("raiseDisputeAction", form);
    expect(result).toMatchObject({ ok: true, message: "Dispute raised. The other departments and the CCO have been notified." });
    const { disputeId } = (result as { data: { disputeId: string } }).data;
    expect(await disputeRow(db(), disputeId)).toMatchObject({ kind: "standards", stageId: null, title: "Response times" });
  });

  it("a decision posted from the form applies its effect and says so", async () => {
    const { stageId, disputeId } = await disputeUnderReview(w, w.alpha, w.beta);
    const form = new FormData();
    for (const [k, v] of Object.entries({ disputeId, outcome: "Alpha owns it", rationale: "Closest to the customer", optionsConsidered: "", supersedesId: "", assignOwnership: "on", effectDepartmentId: w.alpha.id, effectPersonId: w.alpha.head.id })) form.set(k, v);
    signInAs(w.cco);
    const result = await call("recordDecisionAction", form);
    expect(result).toMatchObject({ ok: true, message: "Decision recorded. The dispute is closed and its effect applied." });
    expect(await ownerOf(db(), stageId)).toBe(w.alpha.id);
    expect((await disputeRow(db(), disputeId)).status).toBe("decided");
  });

  it("invalid input gets specific field errors and writes nothing", async () => {
    const { disputeId } = await disputeUnderReview(w, w.alpha, w.beta);
    signInAs(w.cco);
    const r1 = await expectUnchanged(db(), () => call("recordDecisionAction", { disputeId, outcome: "Alpha", rationale: "  ", assignOwnership: "on" }));
    expect(r1).toEqual({
      ok: false,
      code: "invalid",
      error: HIGHLIGHTED,
      fieldErrors: { rationale: ["Rationale is required."], effectDepartmentId: ["Choose the department that will own the stage."], effectPersonId: ["Choose the accountable person."] },
    });
    const r2 = await expectUnchanged(db(), () => call("recordDecisionAction", { disputeId, outcome: "Gamma", rationale: "Why not", assignOwnership: "on", effectDepartmentId: w.gamma.id, effectPersonId: w.alpha.head.id }));
    expect(r2).toEqual({ ok: false, code: "invalid", error: "The decision's ownership effect cannot be applied; nothing was recorded.", fieldErrors: expect.objectContaining({ effectPersonId: [`${w.alpha.head.name} is not in ${w.gamma.name}.`] }) });
    expect(await decisionsOf(db(), disputeId)).toEqual([]);
    signInAs(w.alpha.head);
    const r3 = await expectUnchanged(db(), () => call("raiseDisputeAction", { kind: "ownership", title: "Mine", description: "Give it", partyDepartmentIds: [] }));
    expect(r3).toMatchObject({ ok: false, error: HIGHLIGHTED, fieldErrors: { stageId: [expect.stringMatching(/^Choose the stage/)], partyDepartmentIds: ["Choose at least one other department involved."] } });
    const r4 = await expectUnchanged(db(), () => call("addCommentAction", { disputeId: crypto.randomUUID(), body: "Hello?" }));
    expect(r4).toEqual({ ok: false, code: "not_found", error: "That dispute was not found.", fieldErrors: {} });
  });

  it("answers payloads of the wrong shape with field errors, never a throw", async () => {
    const shapes: unknown[] = [null, undefined, "disputeId=1", 42, [], {}, new FormData(), { disputeId: "not-a-uuid" }];
    for (const actor of [w.cco, w.alpha.head]) {
      signInAs(actor);
      for (const { name } of registry) {
        for (const shape of shapes) {
          const result = await expectUnchanged(db(), () => call(name, shape));
          expect(result.ok, `${name} accepted ${String(shape)}`).toBe(false);
          if (!result.ok) expect(Object.keys(result.fieldErrors).length, `${name}: ${result.error}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it("a refused decision leaves the dispute under review and the stage with its owner", async () => {
    const { stageId, disputeId } = await disputeUnderReview(w, w.alpha, w.beta);
    signInAs(w.alpha.head);
    const result = await expectUnchanged(db(), () => call("recordDecisionAction", { disputeId, outcome: "Mine", rationale: "Because", assignOwnership: "on", effectDepartmentId: w.alpha.id, effectPersonId: w.alpha.head.id }));
    expect(result).toEqual({ ok: false, code: "forbidden", error: "You do not have permission to do that.", fieldErrors: {} });
    expect((await disputeRow(db(), disputeId)).status).toBe("under_review");
    expect(await ownerOf(db(), stageId)).toBe(w.beta.id);
  });
});
