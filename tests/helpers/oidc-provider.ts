import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

// A real OpenID Connect provider (the npm `oidc-provider`, the certified implementation) for
// the single sign-on tests, on a local port. Its login page is the package's development
// interaction: any password is accepted for a known login (the account's `sub`); consent is
// granted for the test client without asking, as a company's IdP does for its own apps.

export type TestAccount = {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
  department?: string;
};

export type TestClient = { client_id: string; client_secret: string; redirect_uris: string[] };

export type RunningOidcProvider = { issuer: string; close(): Promise<void> };

/** The accounts the browser suite signs in as (tests/e2e-sso). Emails ending in `.throughline.test` match demo users. */
export const TEST_ACCOUNTS: TestAccount[] = [
  { sub: "ada", email: "admin@demo.throughline.test", email_verified: true, name: "Ada Admin (IdP)", groups: ["it-admins"] },
  { sub: "lena", email: "lena.lead@example.test", email_verified: true, name: "Lena Lead", groups: ["staff", "cx-leads"] },
  { sub: "nico", email: "nico.new@example.test", email_verified: true, name: "Nico New", groups: ["staff"], department: "Sales" },
  { sub: "olga", email: "olga.gone@example.test", email_verified: true, name: "Olga Gone", groups: ["staff"], department: "Finance" },
  { sub: "uma", email: "uma.unverified@example.test", email_verified: false, name: "Uma Unverified", groups: ["staff"], department: "Sales" },
];

export async function startOidcProvider({
  port = 0,
  accounts = TEST_ACCOUNTS,
  clients,
}: {
  port?: number;
  accounts?: TestAccount[];
  clients: TestClient[];
}): Promise<RunningOidcProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: clients.map((c) => ({ ...c, grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic" })),
    async findAccount(_ctx, id) {
      const account = accounts.find((a) => a.sub === id);
      if (!account) return undefined;
      return { accountId: account.sub, claims: async () => ({ ...account }) };
    },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups", "department"],
    },
    // Claims go into the ID token, as Entra ID, Okta and Keycloak put a groups claim there.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ["throughline-test-idp"] },
    features: { devInteractions: { enabled: true } },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope("openid email profile groups");
      grant.addOIDCClaims(["email", "email_verified", "name", "groups", "department"]);
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  server.on("request", provider.callback());
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
