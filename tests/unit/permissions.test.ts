import { describe, expect, it } from "vitest";
import { CAPABILITIES, PERMISSIONS, ROLES, can, canFor, canForAnyDepartment, capabilitiesOf, mayHeadDepartment, rolesWith, type Capability, type Role } from "@/lib/permissions";

// The table of docs/product.md, written out independently: a change to lib/permissions.ts that
// drifts from the product brief fails here.
const EXPECTED: Record<Capability, Role[]> = {
  "app.view": ["admin", "cco", "executive", "head", "member"],
  "users.manage": ["admin"],
  "departments.manage": ["admin"],
  "settings.manage": ["admin"],
  "webhooks.manage": ["admin"],
  "journeys.manage": ["cco"],
  "ownership.assign": ["cco"],
  "stages.claim": ["head"],
  "handoffs.manage": ["cco", "head"],
  "handoffs.force": ["cco"],
  "goals.manage": ["cco", "head"],
  "checkins.record": ["cco", "head", "member"],
  "follow_ups.act": ["cco", "head", "member"],
  "disputes.raise": ["cco", "executive", "head"],
  "decisions.record": ["cco"],
  "objectives.manage": ["cco", "executive"],
  "audit.read": ["admin", "cco", "executive"],
  "signals.record": ["cco", "head", "member"],
  "signals.redact": ["admin", "cco"],
  "api_tokens.create": ["admin", "cco", "executive", "head", "member"],
  "api_tokens.manage": ["admin"],
  "work.view": ["cco", "executive", "head", "member"],
};

describe("permission table", () => {
  it("has exactly the capabilities of the product brief", () => {
    expect([...CAPABILITIES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const capability of Object.keys(EXPECTED) as Capability[]) {
    for (const role of ROLES) {
      const allowed = EXPECTED[capability].includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${capability}`, () => {
        expect(can(role, capability)).toBe(allowed);
      });
    }
  }

  it("gives every capability a human meaning", () => {
    for (const c of CAPABILITIES) expect(PERMISSIONS[c].meaning.length).toBeGreaterThan(10);
  });

  it("lists a role's capabilities consistently with can()", () => {
    for (const role of ROLES) expect(capabilitiesOf(role)).toEqual(CAPABILITIES.filter((c) => can(role, c)));
  });

  it("keeps admin work away from everyone but admins", () => {
    for (const role of ROLES.filter((r) => r !== "admin")) {
      expect(can(role, "users.manage")).toBe(false);
      expect(can(role, "departments.manage")).toBe(false);
    }
  });
});

// "Own department" in the product table: who holds a capability for every department's things.
const ANY_DEPARTMENT: Partial<Record<Capability, Role[]>> = {
  "handoffs.manage": ["cco"],
  "goals.manage": ["cco"],
  "follow_ups.act": ["cco"],
  "checkins.record": ["cco"],
};

describe("department scope", () => {
  it("names exactly the roles that act for every department", () => {
    for (const c of CAPABILITIES) {
      for (const role of ROLES) expect(canForAnyDepartment(role, c), `${role} ${c}`).toBe((ANY_DEPARTMENT[c] ?? []).includes(role));
    }
  });

  it("canFor: a company-wide role acts for any department; the others only for their own, and never without the capability", () => {
    const head = { role: "head" as const, departmentId: "d1" };
    const member = { role: "member" as const, departmentId: "d1" };
    const cco = { role: "cco" as const, departmentId: null };
    expect(canFor(head, "goals.manage", "d1")).toBe(true);
    expect(canFor(head, "goals.manage", "d2")).toBe(false);
    expect(canFor(head, "goals.manage", null)).toBe(false);
    expect(canFor(cco, "goals.manage", "d2")).toBe(true);
    expect(canFor(member, "goals.manage", "d1")).toBe(false);
    expect(canFor(member, "checkins.record", "d1")).toBe(true);
    expect(canFor({ role: "executive", departmentId: "d1" }, "checkins.record", "d1")).toBe(false);
    expect(canFor({ role: "head", departmentId: null }, "stages.claim", null)).toBe(false);
  });

  it("rolesWith lists the holders of a capability in table order", () => {
    for (const c of CAPABILITIES) expect(rolesWith(c)).toEqual(ROLES.filter((r) => EXPECTED[c].includes(r)));
  });

  it("only the department head role may head a department", () => {
    expect(ROLES.filter(mayHeadDepartment)).toEqual(["head"]);
  });
});
