// The identity provider of the single sign-on browser suite (playwright.sso.config.ts starts
// it): a real OpenID Connect provider on 127.0.0.1:$E2E_OIDC_PORT with one client, the app on
// localhost:$E2E_SSO_PORT, and the test accounts of tests/helpers/oidc-provider.ts.
import { startOidcProvider } from "../helpers/oidc-provider";
import { SSO_E2E } from "./settings";

const provider = await startOidcProvider({
  port: SSO_E2E.oidcPort,
  clients: [{ client_id: SSO_E2E.clientId, client_secret: SSO_E2E.clientSecret, redirect_uris: [SSO_E2E.appUrl, SSO_E2E.mixedUrl].map((u) => `${u}/api/auth/callback/oidc`) }],
});
console.log(`test identity provider at ${provider.issuer}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void provider.close().then(() => process.exit(0)));
