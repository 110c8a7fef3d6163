import { describe, expect, it } from "vitest";
import { claimValues, departmentCandidates, identityOf, mappedRole, parseClaimMap, parseDepartmentMap, parseRoleMap, type SsoMapping } from "@/lib/auth/sso-claims";

const mapping = (over: Partial<SsoMapping> = {}): SsoMapping => ({
  roleClaim: "groups",
  roleMap: parseRoleMap("cx-leads=cco,execs=executive"),
  departmentClaim: "department",
  departmentMap: [],
  defaultDepartment: null,
  trustEmail: false,
  ...over,
});

describe("the claim maps of the environment", () => {
  it("reads value=target pairs in order, separated by commas, or by semicolons when a value holds commas", () => {
    expect(parseClaimMap(" a=x , b = y ,", "V")).toEqual([{ value: "a", to: "x" }, { value: "b", to: "y" }]);
    expect(parseClaimMap("cn=leads,ou=groups,dc=example=cco; cn=execs,ou=groups=executive", "V")).toEqual([
      { value: "cn=leads,ou=groups,dc=example", to: "cco" },
      { value: "cn=execs,ou=groups", to: "executive" },
    ]);
    expect(parseClaimMap(undefined, "V")).toEqual([]);
    expect(parseClaimMap("  ", "V")).toEqual([]);
  });

  it("refuses an entry without a value or a target, and a role that does not exist, naming the variable", () => {
    expect(() => parseClaimMap("leads", "OIDC_ROLE_MAP")).toThrow(/OIDC_ROLE_MAP: "leads"/);
    expect(() => parseClaimMap("=cco", "OIDC_ROLE_MAP")).toThrow(/not claim-value=target/);
    expect(() => parseClaimMap("leads=", "OIDC_ROLE_MAP")).toThrow(/not claim-value=target/);
    expect(() => parseRoleMap("leads=boss")).toThrow(/"boss" is not a role/);
    expect(parseRoleMap("Leads=CCO")).toEqual([{ value: "Leads", role: "cco" }]);
    expect(parseDepartmentMap("dept-cs=Customer Service")).toEqual([{ value: "dept-cs", department: "Customer Service" }]);
  });
});

describe("reading claims", () => {
  it("finds a claim by its exact name (namespaced, with dots) or as a nested path, as one string or a list of strings", () => {
    const claims = { groups: ["a", " b ", 3, ""], "https://example.com/roles": "x", realm_access: { roles: ["r1"] }, empty: "  " };
    expect(claimValues(claims, "groups")).toEqual(["a", "b"]);
    expect(claimValues(claims, "https://example.com/roles")).toEqual(["x"]);
    expect(claimValues(claims, "realm_access.roles")).toEqual(["r1"]);
    expect(claimValues(claims, "missing.path")).toEqual([]);
    expect(claimValues(claims, "empty")).toEqual([]);
  });

  it("gives the role of the first map entry the person holds, else member", () => {
    expect(mappedRole({ groups: ["execs", "cx-leads"] }, mapping())).toEqual({ role: "cco", matched: "cx-leads" });
    expect(mappedRole({ groups: "execs" }, mapping())).toEqual({ role: "executive", matched: "execs" });
    expect(mappedRole({ groups: ["staff"] }, mapping())).toEqual({ role: "member", matched: null });
    expect(mappedRole({}, mapping({ roleMap: [] }))).toEqual({ role: "member", matched: null });
  });

  it("lists department names to try: mapped in map order (or the values themselves), then the default", () => {
    expect(departmentCandidates({ department: "Sales" }, mapping())).toEqual(["Sales"]);
    expect(departmentCandidates({ department: "Sales" }, mapping({ defaultDepartment: "Finance" }))).toEqual(["Sales", "Finance"]);
    const m = mapping({ departmentClaim: "groups", departmentMap: parseDepartmentMap("d-fin=Finance,d-sales=Sales") });
    expect(departmentCandidates({ groups: ["d-sales", "d-fin", "other"] }, m)).toEqual(["Finance", "Sales"]);
    expect(departmentCandidates({ groups: ["other"] }, m)).toEqual([]);
  });

  it("takes subject, email, whether it is verified, and a name from the claims", () => {
    expect(identityOf({ sub: "s1", email: " a@b.test ", email_verified: true, name: " Ana " }, { trustEmail: false })).toEqual({ subject: "s1", email: "a@b.test", emailVerified: true, name: "Ana" });
    expect(identityOf({ sub: "s1", email: "a@b.test", email_verified: "true", given_name: "Ana", family_name: "Lee" }, { trustEmail: false })).toMatchObject({ emailVerified: true, name: "Ana Lee" });
    expect(identityOf({ sub: "s1", email: "a@b.test", preferred_username: "ana" }, { trustEmail: false })).toMatchObject({ emailVerified: false, name: "ana" });
    expect(identityOf({ sub: "s1", email: "a@b.test" }, { trustEmail: true }).emailVerified).toBe(true);
    expect(identityOf({ sub: 7, email: "nope", email_verified: true }, { trustEmail: true })).toEqual({ subject: "", email: null, emailVerified: false, name: null });
    expect(identityOf({ sub: "x".repeat(256), email: "a@b.test" }, { trustEmail: false }).subject).toBe("");
  });
});
