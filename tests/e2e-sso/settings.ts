// Shared by the single sign-on browser suite, its identity provider and its app server.
const appPort = Number(process.env.E2E_SSO_PORT || 3110);
const oidcPort = Number(process.env.E2E_OIDC_PORT || 3111);
// A second app server with passwords on as well as single sign-on.
const mixedPort = Number(process.env.E2E_SSO_MIXED_PORT || 3112);

export const SSO_E2E = {
  appPort,
  oidcPort,
  // Browse the app on localhost (Auth.js's redirects and cookies; STACK.md), reach the
  // provider on 127.0.0.1: its issuer must be exactly the URL the app is configured with.
  appUrl: `http://localhost:${appPort}`,
  mixedUrl: `http://localhost:${mixedPort}`,
  issuer: `http://127.0.0.1:${oidcPort}`,
  clientId: "throughline-e2e",
  clientSecret: "throughline-e2e-secret-0123456789",
  providerName: "Test IdP",
};
