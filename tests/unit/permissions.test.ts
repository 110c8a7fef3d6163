import { describe, expect, it } from "vitest";
import { CAPABILITIES, PERMISSIONS, ROLES, can, capabilitiesOf, type Capability, type Role } from "@/lib/permissions";

// The table of PRODUCT.md, written out independently: a change to lib/permissions.ts that
// drifts from the product brief fails here.
const EXPECTED: Record<Capability, Role[]> = {
  "app.view": ["admin", "cco", "executive", "head", "member"],
  "users.manage": ["admin"],
  "departments.manage": ["admin"],
  "settings.manage": ["admin"],
  "journeys.manage": ["cco"],
  "ownership.assign": ["cco"],
  "stages.claim": ["head"],
  "handoffs.manage": ["cco", "head"],
  "handoffs.force": ["cco"],
  "goals.manage": ["cco", "head"],
  "checkins.record": ["cco", "head", "member"],
  "disputes.raise": ["cco", "executive", "head"],
  "decisions.record": ["cco"],
  "objectives.manage": ["cco", "executive"],
  "audit.read": ["admin", "cco", "executive"],
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
