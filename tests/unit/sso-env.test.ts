import { afterEach, describe, expect, it, vi } from "vitest";

// The single sign-on variables are checked at start (lib/env.ts, lib/auth/sso.ts): a half
// configuration or a bad mapping stops the app with a message instead of failing at sign-in.

const OIDC = { OIDC_ISSUER: "https://idp.example.test/realms/acme", OIDC_CLIENT_ID: "throughline", OIDC_CLIENT_SECRET: "s3cret" };

async function loadWith(vars: Record<string, string>) {
  vi.unstubAllEnvs();
  vi.resetModules();
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  return import("@/lib/env");
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("single sign-on settings", () => {
  it("are off without the three OIDC variables, and passwords stay on", async () => {
    const { env } = await loadWith({});
    const { ssoConfigFromEnv } = await import("@/lib/auth/sso");
    expect(ssoConfigFromEnv(env)).toBeNull();
    expect(env.AUTH_SSO_ONLY).toBe(false);
  });

  it("refuse a half configuration, and passwords off without single sign-on", async () => {
    await expect(loadWith({ OIDC_ISSUER: OIDC.OIDC_ISSUER, OIDC_CLIENT_ID: "x" })).rejects.toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together/);
    await expect(loadWith({ AUTH_SSO_ONLY: "1" })).rejects.toThrow(/AUTH_SSO_ONLY turns passwords off, so it needs single sign-on/);
    await expect(loadWith({ ...OIDC, OIDC_ISSUER: "ftp://idp.example.test" })).rejects.toThrow(/OIDC_ISSUER must be an http/);
  });

  it("read the name, scopes and claim mappings, with their defaults", async () => {
    const { env } = await loadWith({ ...OIDC, AUTH_SSO_ONLY: "true", OIDC_ROLE_MAP: "it-admins=admin,cx-leads=cco", OIDC_DEPARTMENT_MAP: "d-s=Sales", OIDC_DEFAULT_DEPARTMENT: "Finance" });
    const { ssoConfigFromEnv } = await import("@/lib/auth/sso");
    expect(env.AUTH_SSO_ONLY).toBe(true);
    expect(ssoConfigFromEnv(env)).toEqual({
      issuer: OIDC.OIDC_ISSUER,
      clientId: "throughline",
      clientSecret: "s3cret",
      name: "SSO",
      scopes: "openid email profile",
      mapping: {
        roleClaim: "groups",
        roleMap: [
          { value: "it-admins", role: "admin" },
          { value: "cx-leads", role: "cco" },
        ],
        departmentClaim: "department",
        departmentMap: [{ value: "d-s", department: "Sales" }],
        defaultDepartment: "Finance",
        trustEmail: false,
      },
    });
  });

  it("stop at start on a role that does not exist", async () => {
    await loadWith({ ...OIDC, OIDC_ROLE_MAP: "it-admins=superuser" });
    await expect(import("@/lib/auth/sso")).rejects.toThrow(/OIDC_ROLE_MAP: "superuser" is not a role/);
  });
});
