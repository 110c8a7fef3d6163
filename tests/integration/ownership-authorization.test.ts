import crypto from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as journeyActions from "@/app/(app)/journeys/actions";
import * as notificationActions from "@/app/(app)/notifications/actions";
import { departments, notifications, ownershipAssignments } from "@/db/schema";
import { NOTIFICATION_KINDS } from "@/lib/notifications/preference-schema";
import { SIGNED_OUT_ERROR, type ActionResult } from "@/lib/actions";
import type { Actor } from "@/lib/auth/current-user";
import { assignOwnership, proposeHandoff } from "@/lib/ownership/commands";
import { alreadyOwnedMessage } from "@/lib/ownership/rules";
import { can, ROLES, type Capability, type Role } from "@/lib/permissions";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectUnchanged, makeHeadedDepartment, makeJourney, ownershipFingerprint, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";
import { signInAs } from "../helpers/session";

// next-auth's ESM build imports "next/server" without an extension, which only Next resolves;
// the action wrapper imports current-user, which imports the Auth.js config no test here needs.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const actions = { ...journeyActions, ...notificationActions };
type ActionName = keyof typeof actions;
type AnyAction = (prev: unknown, payload: unknown) => Promise<ActionResult<unknown>>;
const call = (name: ActionName, payload: unknown) => (actions[name] as unknown as AnyAction)(null, payload);

let cast: Awaited<ReturnType<typeof makeCast>>;
let cco: Actor;
let home: HeadedDepartment; // cast.dept seen as a headed department: its head is cast's head
let beta: HeadedDepartment;
beforeAll(async () => {
  cast = await makeCast(db());
  cco = cast.actors.cco;
  await db().update(departments).set({ headUserId: cast.users.head.id }).where(eq(departments.id, cast.dept.id));
  home = { id: cast.dept.id, name: cast.dept.name, head: cast.actors.head, member: cast.actors.member };
  beta = await makeHeadedDepartment(db(), `Beta ${uniq()}`);
});

const stage = async (n = 1) => (await makeJourney(cco, n)).stageIds;
/** A stage the home department owns, its head accountable. */
async function homeStage() {
  const [stageId] = await stage();
  await assignOwnership({ actor: cco, input: assignInput(stageId!, home) });
  return stageId!;
}
const handoffInput = (stageId: string, to: { id: string }) => ({ stageId, toDepartmentId: to.id, note: "Over to you", goalDisposition: "move" as const, force: false });

/**
 * Every journey and notification server action, the capability it must require, a VALID input
 * built fresh for each call (so an allowed call succeeds and a refused one is refused for the
 * role alone), and the audit events an allowed call writes.
 */
const registry: { name: ActionName; capability: Capability; input: () => Promise<Record<string, unknown>>; audit: string[] }[] = [
  { name: "createJourneyAction", capability: "journeys.manage", input: async () => ({ name: `Journey ${uniq()}`, status: "active" }), audit: ["journey.created"] },
  {
    name: "updateJourneyAction",
    capability: "journeys.manage",
    input: async () => ({ journeyId: (await makeJourney(cco, 0)).journeyId, name: `Renamed ${uniq()}`, status: "active" }),
    audit: ["journey.updated"],
  },
  { name: "archiveJourneyAction", capability: "journeys.manage", input: async () => ({ journeyId: (await makeJourney(cco, 0)).journeyId, reason: "Done" }), audit: ["journey.archived"] },
  { name: "addStageAction", capability: "journeys.manage", input: async () => ({ journeyId: (await makeJourney(cco, 0)).journeyId, name: "Discover", emotionScore: "" }), audit: ["stage.created"] },
  { name: "updateStageAction", capability: "journeys.manage", input: async () => ({ stageId: (await stage())[0], name: "Renamed", emotionScore: "-1" }), audit: ["stage.updated"] },
  { name: "moveStageAction", capability: "journeys.manage", input: async () => ({ stageId: (await stage(2))[1], direction: "up", expectedPosition: "2" }), audit: ["stage.reordered"] },
  { name: "archiveStageAction", capability: "journeys.manage", input: async () => ({ stageId: (await stage())[0] }), audit: ["stage.archived"] },
  { name: "placeStageAction", capability: "journeys.manage", input: async () => ({ stageId: (await stage(3))[0], expectedPosition: "1", toPosition: "3" }), audit: ["stage.reordered"] },
  {
    name: "updateStageMapAction",
    capability: "journeys.manage",
    input: async () => ({ stageId: (await stage())[0], phase: "Buy", touchpoints: "Checkout, Invoice", channels: "Web" }),
    audit: ["stage.updated"],
  },
  {
    name: "createFromTemplateAction",
    capability: "journeys.manage",
    input: async () => ({ templateId: "support-case", name: `From a template ${uniq()}` }),
    audit: ["journey.created", ...Array(5).fill("stage.created")],
  },
  {
    name: "duplicateJourneyAction",
    capability: "journeys.manage",
    input: async () => ({ journeyId: (await makeJourney(cco, 1)).journeyId, name: `Copy ${uniq()}` }),
    audit: ["journey.created", "stage.created"],
  },
  {
    name: "importJourneysAction",
    capability: "journeys.manage",
    input: async () => ({ csv: `journey,stage\nImported ${uniq()},Discover\n`, fileName: "journeys.csv", mode: "import" }),
    audit: ["journey.created", "stage.created"],
  },
  {
    name: "assignOwnershipAction",
    capability: "ownership.assign",
    input: async () => ({ ...assignInput((await stage())[0]!, beta), informed: home.id }),
    audit: ["ownership.assigned"],
  },
  { name: "claimStageAction", capability: "stages.claim", input: async () => ({ stageId: (await stage())[0] }), audit: ["ownership.claimed"] },
  { name: "proposeHandoffAction", capability: "handoffs.manage", input: async () => handoffInput(await homeStage(), beta), audit: ["handoff.proposed"] },
  {
    name: "respondHandoffAction",
    capability: "handoffs.manage",
    input: async () => {
      const [stageId] = await stage();
      await assignOwnership({ actor: cco, input: assignInput(stageId!, beta) });
      const { handoffId } = await proposeHandoff({ actor: beta.head, input: handoffInput(stageId!, home) });
      return { handoffId, response: "accept" };
    },
    audit: ["handoff.accepted", "ownership.handed_off"],
  },
  {
    name: "cancelHandoffAction",
    capability: "handoffs.manage",
    input: async () => ({ handoffId: (await proposeHandoff({ actor: home.head, input: handoffInput(await homeStage(), beta) })).handoffId, reason: "Too early" }),
    audit: ["handoff.cancelled"],
  },
  {
    name: "markNotificationsReadAction",
    capability: "app.view",
    input: async () => {
      const [n] = await db().insert(notifications).values({ userId: cast.users.member.id, kind: "stage_orphaned", title: "Someone else's" }).returning();
      return { ids: [n!.id] };
    },
    audit: [],
  },
  {
    // Each caller's own preferences: one kind moved to email.
    name: "saveNotificationPreferencesAction",
    capability: "app.view",
    input: async () => ({ ...Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, "in_app"])), handoff_offered: "email" }),
    audit: ["user.notification_preferences_updated"],
  },
];

describe("the authorisation matrix for journey, ownership and notification actions", () => {
  it("covers every exported action", () => {
    expect(registry.map((e) => e.name).sort()).toEqual(Object.keys(actions).sort());
    expect(new Set(registry.map((e) => e.name)).size).toBe(registry.length);
  });

  const callers: (Role | null)[] = [...ROLES, null];
  describe.each(registry)("$name ($capability)", ({ name, capability, input, audit }) => {
    it.each(callers)("called as %s", async (role) => {
      const actor = role ? cast.actors[role] : null;
      signInAs(actor);
      const payload = await input();
      const before = await ownershipFingerprint(db());
      const mark = await auditMark(db());
      const result = await call(name, payload);
      if (role && can(role, capability)) {
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
        const events = (await auditSince(db(), mark)).filter((e) => !e.action.startsWith("goal."));
        expect(events.map((e) => e.action)).toEqual(audit);
        expect(events.every((e) => e.actorId === actor!.id)).toBe(true);
      } else {
        expect(result).toEqual({ ok: false, code: role ? "forbidden" : "unauthenticated", error: role ? "You do not have permission to do that." : SIGNED_OUT_ERROR, fieldErrors: {} });
        expect(await ownershipFingerprint(db())).toEqual(before);
      }
    });
  });
});

describe("what the actions answer", () => {
  it("a claim tells the winner their department and every loser who owns the stage", async () => {
    const [stageId] = await stage();
    signInAs(home.head);
    expect(await call("claimStageAction", { stageId })).toMatchObject({ ok: true, message: `Claimed for ${home.name}.` });
    signInAs(beta.head);
    const lost = await expectUnchanged(db(), () => call("claimStageAction", { stageId }));
    expect(lost).toEqual({ ok: false, code: "conflict", error: alreadyOwnedMessage(home.name), fieldErrors: {}, detail: { reason: "already_owned", departmentId: home.id, departmentName: home.name } });
  });

  it("a real multi-select form post assigns R/C/I", async () => {
    const [stageId] = await stage();
    const other = await makeHeadedDepartment(db(), `Other ${uniq()}`);
    const form = new FormData();
    form.set("$ACTION_ID_abc", "");
    for (const [k, v] of Object.entries({ stageId: stageId!, departmentId: beta.id, personId: beta.head.id, reason: "From the form" })) form.set(k, v);
    form.append("informed", home.id);
    form.append("informed", other.id);
    signInAs(cco);
    expect(await call("assignOwnershipAction", form)).toMatchObject({ ok: true, message: "Ownership saved." });
    const current = await db().select().from(ownershipAssignments).where(and(eq(ownershipAssignments.stageId, stageId!), isNull(ownershipAssignments.validTo)));
    expect(current.map((r) => `${r.raci}:${r.departmentId}`).sort()).toEqual([`accountable:${beta.id}`, `informed:${home.id}`, `informed:${other.id}`].sort());
  });

  it("invalid input gets specific field errors and writes nothing", async () => {
    signInAs(cco);
    const [stageId] = await stage();
    const r1 = await expectUnchanged(db(), () => call("assignOwnershipAction", { ...assignInput(stageId!, beta), consulted: [beta.id] }));
    expect(r1).toEqual({ ok: false, code: "invalid", error: "Please correct the highlighted fields.", fieldErrors: { consulted: ["A department can hold only one role on a stage; one is already accountable."] } });
    const r2 = await expectUnchanged(db(), () => call("updateStageAction", { stageId, name: "", emotionScore: "7" }));
    expect(r2).toMatchObject({ ok: false, fieldErrors: { name: ["Stage name is required."], emotionScore: ["Emotion score must be between -2 and +2."] } });
    signInAs(home.head);
    const r3 = await expectUnchanged(db(), () => call("respondHandoffAction", { handoffId: crypto.randomUUID(), response: "decline" }));
    expect(r3).toMatchObject({ ok: false, fieldErrors: { reason: ["Say why you decline, so the proposer can respond."] } });
  });

  it("answers payloads of the wrong shape with an error, never a throw", async () => {
    signInAs(cco);
    const shapes: unknown[] = [null, undefined, "stageId=1", 42, [], {}, new FormData()];
    for (const { name } of registry.filter((e) => e.name !== "markNotificationsReadAction")) {
      for (const shape of shapes) {
        const result = await expectUnchanged(db(), () => call(name, shape));
        expect(result.ok, `${name} accepted ${String(shape)}`).toBe(false);
        if (!result.ok) expect(Object.keys(result.fieldErrors).length, `${name}: ${result.error}`).toBeGreaterThan(0);
      }
    }
    for (const shape of [null, 42, "x", { ids: ["not-a-uuid"] }]) {
      expect((await expectUnchanged(db(), () => call("markNotificationsReadAction", shape))).ok).toBe(false);
    }
  });

  it("marking notifications read touches only the caller's own", async () => {
    const [mine] = await db().insert(notifications).values({ userId: beta.head.id, kind: "handoff_offered", title: "Mine" }).returning();
    const [theirs] = await db().insert(notifications).values({ userId: home.head.id, kind: "handoff_offered", title: "Theirs" }).returning();
    signInAs(beta.head);
    expect(await call("markNotificationsReadAction", { ids: [mine!.id, theirs!.id] })).toEqual({ ok: true, data: 1, message: undefined });
    const read = async (id: string) => (await db().select().from(notifications).where(eq(notifications.id, id)))[0]!.readAt;
    expect(await read(mine!.id)).not.toBeNull();
    expect(await read(theirs!.id)).toBeNull();
    expect(await call("markNotificationsReadAction", {})).toMatchObject({ ok: true });
    expect(await read(theirs!.id)).toBeNull();
  });
});
