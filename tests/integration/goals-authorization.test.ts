import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as goalActions from "@/app/(app)/goals/actions";
import { checkIns, departments, goals } from "@/db/schema";
import { SIGNED_OUT_ERROR, type ActionResult } from "@/lib/actions";
import type { Actor } from "@/lib/auth/current-user";
import { createGoal } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import { todayIn } from "@/lib/time";
import { assignOwnership } from "@/lib/ownership/commands";
import { can, ROLES, type Capability, type Role } from "@/lib/permissions";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectUnchanged, makeHeadedDepartment, makeJourney, ownershipFingerprint, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";
import { signInAs } from "../helpers/session";

const db = useTestDatabase();
type ActionName = keyof typeof goalActions;
type AnyAction = (prev: unknown, payload: unknown) => Promise<ActionResult<unknown>>;
const call = (name: ActionName, payload: unknown) => (goalActions[name] as unknown as AnyAction)(null, payload);

let cast: Awaited<ReturnType<typeof makeCast>>;
let cco: Actor;
let home: HeadedDepartment; // cast.dept, headed by the cast's head, owns `stageId`
let beta: HeadedDepartment;
let stageId: string;
let objectiveId: string;
beforeAll(async () => {
  cast = await makeCast(db());
  cco = cast.actors.cco;
  await db().update(departments).set({ headUserId: cast.users.head.id }).where(eq(departments.id, cast.dept.id));
  home = { id: cast.dept.id, name: cast.dept.name, head: cast.actors.head, member: cast.actors.member };
  beta = await makeHeadedDepartment(db(), `Beta ${uniq()}`);
  [stageId] = (await makeJourney(cco, 1)).stageIds as [string];
  await assignOwnership({ actor: cco, input: assignInput(stageId, home) });
  ({ objectiveId } = (await createObjective({ actor: cco, input: objectiveForm() }))!);
});
afterEach(() => vi.restoreAllMocks());

function objectiveForm() {
  return { title: `Objective ${uniq()}`, description: "Why it matters", periodStart: "2024-01-01", periodEnd: "2034-12-31" };
}
/** Goal fields as a form posts them: every value a string. */
function goalFields() {
  return {
    title: `Goal ${uniq()}`, description: "Customers get answers on the first call.", metricName: "First-call resolution", metricUnit: "%",
    baseline: "61.5", target: "80", direction: "increase", startDate: todayIn("UTC", new Date(Date.now() - 5 * 86_400_000)), dueDate: "2034-06-30",
    ownerId: home.member.id, objectiveId, budget: "2500", people: "3", resourcesNote: "",
  };
}
async function goalId(activate: boolean) {
  return (await createGoal({ actor: cco, input: { ...goalFields(), direction: "increase", stageId, activate } })).goalId;
}
const checkInForm = () => ({ value: "64.25", confidence: "high", note: "From the weekly report", measuredOn: todayIn("UTC") });

/**
 * Every goal server action, the capability it must require, a VALID input built fresh for
 * each call and for the caller (so an allowed role also meets the domain rule, and a refused
 * one is refused for its role alone), and the audit events an allowed call writes.
 */
const registry: { name: ActionName; capability: Capability; input: (caller: Actor | null) => Promise<Record<string, unknown>>; audit: string[] }[] = [
  { name: "createGoalAction", capability: "goals.manage", input: async () => ({ stageId, activate: "true", ...goalFields() }), audit: ["goal.created"] },
  { name: "updateGoalAction", capability: "goals.manage", input: async () => ({ goalId: await goalId(false), ...goalFields() }), audit: ["goal.updated"] },
  { name: "changeGoalStatusAction", capability: "goals.manage", input: async () => ({ goalId: await goalId(false), status: "active", reason: "" }), audit: ["goal.status_changed"] },
  { name: "recordCheckInAction", capability: "checkins.record", input: async () => ({ goalId: await goalId(true), ...checkInForm() }), audit: ["check_in.recorded"] },
  {
    name: "correctCheckInAction",
    capability: "checkins.record",
    // Only a check-in's author may correct it: the check-in is the caller's own.
    input: async (caller) => {
      const id = await goalId(true);
      const [ci] = await db().insert(checkIns).values({ goalId: id, value: "60", confidence: "low", measuredOn: todayIn("UTC"), authorId: (caller ?? cco).id }).returning();
      return { checkInId: ci!.id, ...checkInForm() };
    },
    audit: ["check_in.corrected"],
  },
  { name: "createObjectiveAction", capability: "objectives.manage", input: async () => objectiveForm(), audit: ["objective.created"] },
  {
    name: "updateObjectiveAction",
    capability: "objectives.manage",
    input: async () => ({ objectiveId: (await createObjective({ actor: cco, input: objectiveForm() }))!.objectiveId, ...objectiveForm() }),
    audit: ["objective.updated"],
  },
  {
    name: "archiveObjectiveAction",
    capability: "objectives.manage",
    input: async () => ({ objectiveId: (await createObjective({ actor: cco, input: objectiveForm() }))!.objectiveId }),
    audit: ["objective.archived"],
  },
];

describe("the authorisation matrix for goal and objective actions", () => {
  it("covers every exported action", () => {
    expect(registry.map((e) => e.name).sort()).toEqual(Object.keys(goalActions).sort());
    expect(new Set(registry.map((e) => e.name)).size).toBe(registry.length);
  });

  const callers: (Role | null)[] = [...ROLES, null];
  describe.each(registry)("$name ($capability)", ({ name, capability, input, audit }) => {
    it.each(callers)("called as %s", async (role) => {
      const actor = role ? cast.actors[role] : null;
      signInAs(actor);
      const payload = await input(actor);
      const before = await ownershipFingerprint(db());
      const mark = await auditMark(db());
      const result = await call(name, payload);
      if (role && can(role, capability)) {
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
        const events = await auditSince(db(), mark);
        expect(events.map((e) => e.action)).toEqual(audit);
        expect(events.every((e) => e.actorId === actor!.id)).toBe(true);
      } else {
        expect(result).toEqual({ ok: false, code: role ? "forbidden" : "unauthenticated", error: role ? "You do not have permission to do that." : SIGNED_OUT_ERROR, fieldErrors: {} });
        expect(await ownershipFingerprint(db())).toEqual(before);
      }
    });
  });

  it("the capability is not enough: another department's head and member are refused on this department's goals", async () => {
    const cases: [Actor, ActionName][] = [
      [beta.head, "createGoalAction"], [beta.head, "updateGoalAction"], [beta.head, "changeGoalStatusAction"], [beta.head, "recordCheckInAction"], [beta.member, "recordCheckInAction"],
    ];
    for (const [actor, name] of cases) {
      signInAs(actor);
      const payload = await registry.find((e) => e.name === name)!.input(actor);
      const result = await expectUnchanged(db(), () => call(name, payload));
      expect(result, `${actor.name} ${name}`).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/^Only /), fieldErrors: {} }); // the domain rule, not the role
    }
  });
});

describe("malformed payloads", () => {
  it("answers payloads of the wrong shape with field errors, never a throw", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    signInAs(cco);
    const shapes: unknown[] = [null, undefined, 42, "Infinity", "goalId=1", [], [{}], {}, new FormData()];
    for (const { name } of registry) {
      await expectUnchanged(db(), async () => {
        for (const shape of shapes) {
          const result = await call(name, shape);
          expect(result.ok, `${name} accepted ${String(shape)}`).toBe(false);
          if (!result.ok) expect(Object.keys(result.fieldErrors).length, `${name}(${String(shape)}): ${result.error}`).toBeGreaterThan(0);
        }
      });
    }
    expect(logged).not.toHaveBeenCalled();
  });

  it("answers a field of the wrong type (number, array, object, boolean) with an error on that field, never a throw", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    signInAs(cco);
    for (const { name, input } of registry) {
      const valid = await input(cco);
      await expectUnchanged(db(), async () => {
        for (const field of Object.keys(valid).filter((k) => k !== "activate")) {
          for (const bad of [42, ["x"], { x: 1 }, true]) {
            const result = await call(name, { ...valid, [field]: bad });
            expect(result.ok, `${name}.${field} = ${JSON.stringify(bad)}`).toBe(false);
            if (!result.ok) expect(result.fieldErrors[field]?.length, `${name}.${field} = ${JSON.stringify(bad)}: ${result.error}`).toBeGreaterThan(0);
          }
        }
      });
    }
    expect(logged).not.toHaveBeenCalled();
  });

  it("refuses non-finite and non-numeric numbers with specific field errors", async () => {
    signInAs(cco);
    const goal = { stageId, ...goalFields() };
    const active = await goalId(true);
    for (const bad of ["Infinity", "-Infinity", "NaN", "1e5", "1,5", " "]) {
      const r1 = await expectUnchanged(db(), () => call("createGoalAction", { ...goal, baseline: bad, target: bad, budget: bad }));
      expect(r1.ok).toBe(false);
      // A blank is caught by the SMART check (M on baseline, A on budget); the rest by the number check on each field too.
      if (!r1.ok) expect(Object.keys(r1.fieldErrors).sort(), bad).toEqual(bad.trim() ? ["baseline", "budget", "target"] : ["baseline", "budget"]);
      if (!r1.ok && bad.trim()) expect(r1.fieldErrors.target).toContain("Target must be a plain number like 42 or 3.5 (no units, no exponent).");
      const r2 = await expectUnchanged(db(), () => call("recordCheckInAction", { goalId: active, ...checkInForm(), value: bad }));
      expect(r2, bad).toMatchObject({ ok: false, fieldErrors: { value: expect.arrayContaining([expect.stringMatching(/^(Measured value must be a plain number|Enter the measured value)/)]) } });
    }
  });

  it("a real form post creates an active goal; a SMART failure names every letter", async () => {
    signInAs(home.head);
    const form = new FormData();
    form.set("$ACTION_ID_abc", "");
    for (const [k, v] of Object.entries({ stageId, activate: "true", ...goalFields(), baseline: "0.1", target: "0.3" })) form.set(k, v);
    const result = await call("createGoalAction", form);
    expect(result).toMatchObject({ ok: true, message: "Goal saved." });
    const id = (result as { data: { goalId: string } }).data.goalId;
    expect((await db().select().from(goals).where(eq(goals.id, id)))[0]).toMatchObject({ status: "active", baseline: "0.1", target: "0.3", departmentId: home.id });

    const bad = await expectUnchanged(db(), () => call("createGoalAction", { stageId, ...goalFields(), title: "x", target: "61.5", budget: "", objectiveId: "", dueDate: "2020-01-01" }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(Object.keys(bad.fieldErrors).sort()).toEqual(["budget", "dueDate", "objectiveId", "target", "title"]);
      expect(Object.values(bad.fieldErrors).flat().map((m) => m.slice(0, m.indexOf(":")))).toEqual(
        expect.arrayContaining(["Specific (S)", "Measurable (M)", "Achievable (A)", "Relevant (R)", "Time-bound (T)"]),
      );
    }

    // The form holds no schema: the server's one answer names an unconfirmed overdue start
    // together with the other field errors (it is not left for a second submit).
    const overdue = await expectUnchanged(db(), () => call("createGoalAction", { stageId, activate: "true", ...goalFields(), startDate: "2020-01-01", dueDate: "2020-02-01", budget: "-1" }));
    expect(overdue.ok).toBe(false);
    if (!overdue.ok) {
      expect(Object.keys(overdue.fieldErrors).sort()).toEqual(["budget", "confirmOverdue"]);
      expect(overdue.fieldErrors.confirmOverdue![0]).toMatch(/^Time-bound \(T\): the due date, 1 Feb 2020, has already passed/);
    }
  });
});
