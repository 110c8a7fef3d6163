import NextAuth, { CredentialsSignin, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { OIDCConfig } from "next-auth/providers";
import { authSecret } from "./secret";
import { clientAddress } from "./client-address";
import { verifyCredentials } from "./credentials";
import { endSession } from "./session-commands";
import { SESSION_ABSOLUTE_HOURS, sessionIdOf } from "./sessions";
import { passwordSignInEnabled, signInWithSso, SSO_PROVIDER_ID, ssoConfig, type SsoConfig, type SsoRefusal } from "./sso";

export class AccountLockedError extends CredentialsSignin {
  code = "locked";
}

export class AddressLimitedError extends CredentialsSignin {
  code = "rate_limited";
}

type SignedInUser = User & { sessionToken: string };

/** Where a refused single sign-on lands: the sign-in page, which explains each of these. */
export const SSO_REFUSAL_ERRORS: Record<SsoRefusal, string> = {
  invalid_claims: "sso-invalid",
  email_unverified: "sso-unverified",
  deactivated: "sso-deactivated",
  no_department: "sso-no-department",
};

const credentialsProvider = Credentials({
  credentials: { email: {}, password: {} },
  async authorize(credentials, request) {
    const result = await verifyCredentials(
      { email: String(credentials?.email ?? ""), password: String(credentials?.password ?? "") },
      { clientAddress: clientAddress(request.headers), userAgent: request.headers.get("user-agent") },
    );
    if (result.ok) return { id: result.userId, sessionToken: result.sessionToken } satisfies SignedInUser;
    if (result.reason === "locked") throw new AccountLockedError();
    if (result.reason === "rate_limited") throw new AddressLimitedError();
    return null;
  },
});

// A generic OpenID Connect provider: Auth.js discovers the endpoints from the issuer, uses the
// authorization code flow with PKCE, state and nonce, and verifies the ID token, whose claims
// reach the signIn callback below as `profile`.
function oidcProvider(config: SsoConfig): OIDCConfig<Record<string, unknown>> {
  return {
    id: SSO_PROVIDER_ID,
    name: config.name,
    type: "oidc",
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: config.scopes } },
    profile: (claims) => ({ id: String(claims.sub ?? ""), email: typeof claims.email === "string" ? claims.email : null }),
  };
}

// JWT sessions (credentials sign-in needs them), but the token carries only a random session
// token: the session itself lives in the database (lib/auth/sessions.ts), where it can be
// revoked and timed out, and the user's role, department and active flag are re-read from the
// database on every request. The cookie lives as long as a session may; the database decides.
export const { handlers, auth, signIn, signOut } = NextAuth((request) => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_ABSOLUTE_HOURS * 60 * 60 },
  // Errors of the single sign-on round trip land on the sign-in page too, which explains them.
  pages: { signIn: "/sign-in", error: "/sign-in" },
  // AUTH_SSO_ONLY: the credentials provider does not exist, so Auth.js's own
  // /api/auth/callback/credentials refuses a password as surely as the sign-in action does.
  providers: [...(passwordSignInEnabled ? [credentialsProvider] : []), ...(ssoConfig ? [oidcProvider(ssoConfig)] : [])],
  callbacks: {
    // A password sign-in has started its session in `authorize` already. A single sign-on starts
    // it here, once Auth.js has verified the ID token: the same database session, whose token
    // the jwt callback below puts into the cookie. A refusal redirects to the sign-in page.
    async signIn({ user, account, profile }) {
      if (account?.provider !== SSO_PROVIDER_ID) return true;
      if (!ssoConfig || !profile) return false;
      const result = await signInWithSso({
        claims: profile as Record<string, unknown>,
        issuer: ssoConfig.issuer,
        mapping: ssoConfig.mapping,
        userAgent: request?.headers.get("user-agent"),
      });
      if (!result.ok) return `/sign-in?error=${SSO_REFUSAL_ERRORS[result.reason]}`;
      (user as SignedInUser).sessionToken = result.sessionToken;
      return true;
    },
    jwt({ token, user, trigger }) {
      // Only the session token goes into the cookie: no user id, name or email.
      if (trigger === "signIn") return { sid: (user as Partial<SignedInUser> | undefined)?.sessionToken };
      return token;
    },
    session({ session, token }) {
      // The stored id (a hash), never the token itself: /api/auth/session shows this to the page.
      return { expires: session.expires, sessionId: typeof token.sid === "string" ? sessionIdOf(token.sid) : undefined } as unknown as typeof session;
    },
  },
  events: {
    // Also ends the session when someone signs out through Auth.js's own /api/auth/signout.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.sid === "string") await endSession({ sessionId: sessionIdOf(token.sid) });
    },
  },
  logger: {
    // A wrong password is an expected outcome, audited already; not a stack trace in the log.
    error(error) {
      const name = (error as { type?: string }).type ?? error.name;
      if (name === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
    warn() {},
  },
}));
