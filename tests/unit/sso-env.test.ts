import { afterEach, describe, expect, it, vi } from "vitest";

// The single sign-on variables are checked at start (lib/env.ts, lib/auth/sso.ts): a half
// configuration or a bad mapping stops the app with a message instead of failing at sign-in.

// Auth.js imports next/server, which plain Node cannot resolve; these tests never go through it.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

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

  it("with passwords off, refuse every way of setting a password before touching the database", async () => {
    await loadWith({ ...OIDC, AUTH_SSO_ONLY: "1", OIDC_NAME: "Acme ID" });
    const { acceptInvite, createUser, describeInvite, issueInvite } = await import("@/lib/users/commands");
    const { signInWithPassword } = await import("@/lib/auth/session-actions");
    const admin = { id: "00000000-0000-4000-8000-000000000001", email: "a@example.test", name: "A", role: "admin" as const, departmentId: null, departmentName: null };
    const off = "Passwords are turned off here: people sign in with Acme ID.";
    expect(await describeInvite("x".repeat(43))).toEqual({ valid: false, reason: off });
    await expect(acceptInvite({ token: "x".repeat(43), password: "a long enough password" })).rejects.toMatchObject({ kind: "forbidden", message: off });
    await expect(issueInvite({ actor: admin, userId: admin.id })).rejects.toMatchObject({ kind: "forbidden" });
    for (const setup of ["invite", "password"] as const) {
      await expect(
        createUser({ actor: admin, input: { email: "b@example.test", name: "B", role: "executive", departmentId: null, setup, password: "a long enough password" } }),
      ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { setup: [off] } });
    }
    expect(await signInWithPassword({ email: "a@example.test", password: "whatever it is" })).toMatchObject({ ok: false, code: "forbidden", error: "Passwords are turned off here: sign in with Acme ID." });
  });
});
