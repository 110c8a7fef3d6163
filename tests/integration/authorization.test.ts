import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as actions from "@/app/(app)/admin/actions";
import { departments, users } from "@/db/schema";
import { SIGNED_OUT_ERROR, type ActionResult } from "@/lib/actions";
import { createSession } from "@/lib/auth/sessions";
import { can, ROLES, type Capability, type Role } from "@/lib/permissions";
import { auditMark, auditSince, expectNoWrites } from "../helpers/audit";
import { databaseFingerprint, useTestDatabase } from "../helpers/db";
import { makeCast, makeDepartment, makeUser } from "../helpers/factories";
import { offboardingForm } from "../helpers/offboarding";
import { signInAs } from "../helpers/session";

// next-auth's ESM build imports "next/server" without an extension, which only Next resolves;
// the action wrapper imports current-user, which imports the Auth.js config no test here needs.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const uniq = () => crypto.randomBytes(4).toString("hex");

type ActionName = keyof typeof actions;
type AnyAction = (prev: unknown, payload: unknown) => Promise<ActionResult<unknown>>;
const call = (name: ActionName, payload: unknown) => (actions[name] as unknown as AnyAction)(null, payload);

let cast: Awaited<ReturnType<typeof makeCast>>;
beforeAll(async () => {
  cast = await makeCast(db());
});

const freshMember = (withPassword = true) => makeUser(db(), { role: "member", departmentId: cast.dept.id, withPassword });
async function archivedDepartment() {
  const dep = await makeDepartment(db());
  await db().update(departments).set({ archived: true }).where(eq(departments.id, dep.id));
  return dep;
}

/**
 * Every admin server action, the capability it must require, and a VALID input built fresh for
 * each call (so that an allowed call succeeds and a refused one is refused for the role alone).
 */
const registry: { name: ActionName; capability: Capability; input: () => Promise<Record<string, unknown>> }[] = [
  {
    name: "createUserAction",
    capability: "users.manage",
    input: async () => ({ email: `new.${uniq()}@example.test`, name: `New ${uniq()}`, role: "member", departmentId: cast.dept.id, setup: "invite" }),
  },
  {
    name: "updateUserAction",
    capability: "users.manage",
    input: async () => ({ userId: (await freshMember()).id, name: `Moved ${uniq()}`, role: "executive", departmentId: "" }),
  },
  {
    name: "reactivateUserAction",
    capability: "users.manage",
    input: async () => {
      const u = await freshMember();
      await db().update(users).set({ active: false }).where(eq(users.id, u.id));
      return { userId: u.id, reason: "Back" };
    },
  },
  { name: "confirmDeactivationAction", capability: "users.manage", input: async () => offboardingForm(db(), { kind: "person", id: (await freshMember()).id }, {}, "Left") },
  { name: "issueInviteAction", capability: "users.manage", input: async () => ({ userId: (await freshMember(false)).id }) },
  {
    name: "endUserSessionsAction",
    capability: "users.manage",
    input: async () => {
      const u = await freshMember();
      await createSession(db(), { userId: u.id });
      return { userId: u.id };
    },
  },
  { name: "createDepartmentAction", capability: "departments.manage", input: async () => ({ name: `Dept ${uniq()}` }) },
  {
    name: "renameDepartmentAction",
    capability: "departments.manage",
    input: async () => ({ departmentId: (await makeDepartment(db())).id, name: `Renamed ${uniq()}` }),
  },
  {
    name: "setDepartmentHeadAction",
    capability: "departments.manage",
    input: async () => {
      const dep = await makeDepartment(db());
      const head = await makeUser(db(), { role: "head", departmentId: dep.id });
      return { departmentId: dep.id, headUserId: head.id };
    },
  },
  { name: "confirmArchiveAction", capability: "departments.manage", input: async () => offboardingForm(db(), { kind: "department", id: (await makeDepartment(db())).id }, {}, "Merged") },
  { name: "restoreDepartmentAction", capability: "departments.manage", input: async () => ({ departmentId: (await archivedDepartment()).id }) },
  {
    name: "updateSettingsAction",
    capability: "settings.manage",
    input: async () => ({ disputeSlaDays: String(crypto.randomInt(1, 366)), staleCheckInDays: crypto.randomInt(1, 366) }),
  },
];

describe("the authorisation matrix", () => {
  it("covers every exported admin action", () => {
    expect(registry.map((e) => e.name).sort()).toEqual(Object.keys(actions).sort());
    expect(new Set(registry.map((e) => e.name)).size).toBe(registry.length);
  });

  const callers: (Role | null)[] = [...ROLES, null];
  describe.each(registry)("$name ($capability)", ({ name, capability, input }) => {
    it.each(callers)("called as %s", async (role) => {
      const actor = role ? cast.actors[role] : null;
      signInAs(actor);
      const payload = await input();
      const before = await databaseFingerprint(db());
      const mark = await auditMark(db());
      const result = await call(name, payload);
      if (role && can(role, capability)) {
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
        const events = await auditSince(db(), mark);
        expect(events.length).toBeGreaterThan(0);
        expect(events.every((e) => e.actorId === actor!.id)).toBe(true);
      } else {
        expect(result).toEqual({ ok: false, code: role ? "forbidden" : "unauthenticated", error: role ? "You do not have permission to do that." : SIGNED_OUT_ERROR, fieldErrors: {} });
        expect(await databaseFingerprint(db())).toEqual(before);
      }
    });
  });
});

describe("invalid input", () => {
  const HIGHLIGHTED = "Please correct the highlighted fields.";
  const forged = () => crypto.randomUUID();
  // [action, payload, expected error, expected field errors]
  const cases: [ActionName, () => Promise<unknown> | unknown, string, Record<string, string[]>][] = [
    ["createUserAction", () => ({ email: "", name: "  ", role: "", departmentId: "", setup: "" }), HIGHLIGHTED, {
      email: ["Email is required."], name: ["Name is required."], role: ["Choose a role."], setup: ["Choose how the user will sign in."],
    }],
    ["createUserAction", () => ({ email: "nope", name: "X", role: "head", departmentId: "", setup: "password", password: "short pw" }), HIGHLIGHTED, {
      email: ["Enter a valid email address, like name@company.com."],
      departmentId: ["A department head must belong to a department."],
      password: ["Password must be at least 12 characters."],
    }],
    ["createUserAction", () => ({ email: `x.${uniq()}@example.test`, name: "X", role: "member", departmentId: forged(), setup: "invite" }), HIGHLIGHTED, {
      departmentId: ["That department does not exist."],
    }],
    ["updateUserAction", () => ({ userId: "not-a-uuid", name: "", role: "boss", departmentId: "also-bad" }), HIGHLIGHTED, {
      userId: ["That user does not exist."], name: ["Name is required."], role: ["Choose a role."], departmentId: ["That department does not exist."],
    }],
    ["updateUserAction", () => ({ userId: forged(), name: "Ghost", role: "cco", departmentId: "" }), "That user was not found.", {}],
    ["reactivateUserAction", () => ({ userId: forged() }), "That user was not found.", {}],
    ["reactivateUserAction", () => ({ userId: "banana" }), HIGHLIGHTED, { userId: ["That user does not exist."] }],
    ["confirmDeactivationAction", () => ({ subjectKind: "person", subjectId: forged(), fingerprint: "0".repeat(64) }), "That user was not found.", {}],
    ["confirmDeactivationAction", async () => ({ subjectKind: "person", subjectId: (await freshMember()).id, fingerprint: "nope", "choice:stage:x": "banana" }), HIGHLIGHTED, {
      fingerprint: ["Reload the page and try again."],
      "choices.stage:x": ["Choose a successor from the list, or leave it flagged."],
    }],
    ["issueInviteAction", () => ({ userId: "" }), HIGHLIGHTED, { userId: ["Choose user."] }],
    ["issueInviteAction", () => ({ userId: forged() }), "That user was not found.", {}],
    ["endUserSessionsAction", () => ({ userId: "" }), HIGHLIGHTED, { userId: ["Choose user."] }],
    ["endUserSessionsAction", () => ({ userId: forged() }), "That user was not found.", {}],
    ["createDepartmentAction", () => ({ name: "   " }), HIGHLIGHTED, { name: ["Department name is required."] }],
    ["createDepartmentAction", () => ({ name: "x".repeat(81) }), HIGHLIGHTED, { name: ["Department name must be at most 80 characters."] }],
    ["renameDepartmentAction", () => ({ departmentId: "123", name: "" }), HIGHLIGHTED, {
      departmentId: ["That department does not exist."], name: ["Department name is required."],
    }],
    ["renameDepartmentAction", () => ({ departmentId: forged(), name: "Anything" }), "That department was not found.", {}],
    ["setDepartmentHeadAction", () => ({ departmentId: cast.dept.id, headUserId: forged() }), HIGHLIGHTED, { headUserId: ["That person does not exist."] }],
    ["setDepartmentHeadAction", () => ({ departmentId: cast.dept.id, headUserId: "'; drop table users; --" }), HIGHLIGHTED, {
      headUserId: ["That person does not exist."],
    }],
    ["confirmArchiveAction", () => ({ subjectKind: "department", subjectId: cast.dept.id, fingerprint: "0".repeat(64), reason: "r".repeat(501) }), HIGHLIGHTED, {
      reason: ["Reason must be at most 500 characters."],
    }],
    ["restoreDepartmentAction", () => ({ departmentId: forged() }), "That department was not found.", {}],
    ["updateSettingsAction", () => ({ disputeSlaDays: "", staleCheckInDays: "12.5" }), HIGHLIGHTED, {
      disputeSlaDays: ["Dispute service level must be at least 1 day."],
      staleCheckInDays: ["Stale check-in period must be a whole number of days."],
    }],
  ];

  it.each(cases.map((c, i) => [i, ...c] as const))("case %i: %s gets specific errors and writes nothing", async (_i, name, payload, error, fieldErrors) => {
    signInAs(cast.actors.admin);
    const input = await payload();
    const result = await expectNoWrites(db(), () => call(name, input));
    expect(result).toEqual({ ok: false, code: error === HIGHLIGHTED ? "invalid" : "not_found", error, fieldErrors });
    expect(JSON.stringify(result)).not.toContain("short pw");
  });

  it("answers payloads of the wrong shape with an error, never a throw, for every action", async () => {
    signInAs(cast.actors.admin);
    const shapes: unknown[] = [null, undefined, "userId=1", 42, [], {}, new FormData()];
    for (const { name } of registry) {
      for (const shape of shapes) {
        const result = await expectNoWrites(db(), () => call(name, shape));
        expect(result.ok, `${name} accepted ${JSON.stringify(shape)}`).toBe(false);
        if (!result.ok) expect(Object.keys(result.fieldErrors).length, `${name}: ${result.error}`).toBeGreaterThan(0);
      }
    }
  });

  it("reads a real form post the same as a plain object", async () => {
    signInAs(cast.actors.admin);
    const form = new FormData();
    form.set("$ACTION_ID_abc", "");
    form.set("name", `Form Dept ${uniq()}`);
    const mark = await auditMark(db());
    expect(await call("createDepartmentAction", form)).toMatchObject({ ok: true, message: "Department created." });
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["department.created"]);
  });
});
