import { describe, expect, it } from "vitest";
import { CAPABILITIES, ROLES, SERVICE_SCOPES, can, serviceActorRole, tokenMay } from "@/lib/permissions";

describe("what an API token may do, from the one permission table", () => {
  it("a personal token holds exactly its role's capabilities", () => {
    for (const role of ROLES) for (const c of CAPABILITIES) for (const write of [false, true]) expect(tokenMay({ kind: "personal", role, readOnly: false }, c, { write }), `${role} ${c}`).toBe(can(role, c));
  });

  it("a read-only personal token never writes, and reads what its role may read", () => {
    for (const role of ROLES)
      for (const c of CAPABILITIES) {
        expect(tokenMay({ kind: "personal", role, readOnly: true }, c, { write: true })).toBe(false);
        expect(tokenMay({ kind: "personal", role, readOnly: true }, c, { write: false })).toBe(can(role, c));
      }
  });

  it("a service token holds its scopes only, for reading", () => {
    const grant = { kind: "service" as const, scopes: ["app.view"] };
    expect(tokenMay(grant, "app.view", { write: false })).toBe(true);
    expect(tokenMay(grant, "app.view", { write: true })).toBe(false);
    expect(tokenMay(grant, "audit.read", { write: false })).toBe(false);
    expect(tokenMay(grant, "checkins.record", { write: true })).toBe(false);
  });

  it("a service token's one write is recording customer signals, and only with that scope", () => {
    const survey = { kind: "service" as const, scopes: ["signals.record"] };
    expect(tokenMay(survey, "signals.record", { write: true })).toBe(true);
    expect(tokenMay(survey, "app.view", { write: false })).toBe(false);
    expect(tokenMay({ kind: "service", scopes: ["app.view", "users.manage"] }, "signals.record", { write: true })).toBe(false);
    // Holding a capability that is not a service write scope grants no write of it.
    expect(tokenMay({ kind: "service", scopes: ["users.manage"] }, "users.manage", { write: true })).toBe(false);
  });

  it("a service actor's role is the smallest role holding every scope, so a query's own role check agrees", () => {
    expect(serviceActorRole(["app.view"])).toBe("member");
    expect(serviceActorRole(["app.view", "audit.read"])).toBe("executive");
    expect(serviceActorRole(["users.manage"])).toBe("admin");
    for (const s of SERVICE_SCOPES) expect(can(serviceActorRole([s])!, s)).toBe(true);
    expect(serviceActorRole(["no.such"])).toBeNull();
  });
});
