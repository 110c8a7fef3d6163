import NextAuth, { CredentialsSignin, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authSecret } from "./secret";
import { clientAddress } from "./client-address";
import { verifyCredentials } from "./credentials";
import { endSession } from "./session-commands";
import { SESSION_ABSOLUTE_HOURS, sessionIdOf } from "./sessions";

export class AccountLockedError extends CredentialsSignin {
  code = "locked";
}

export class AddressLimitedError extends CredentialsSignin {
  code = "rate_limited";
}

type SignedInUser = User & { sessionToken: string };

// JWT sessions (credentials sign-in needs them), but the token carries only a random session
// token: the session itself lives in the database (lib/auth/sessions.ts), where it can be
// revoked and timed out, and the user's role, department and active flag are re-read from the
// database on every request. The cookie lives as long as a session may; the database decides.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_ABSOLUTE_HOURS * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
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
    }),
  ],
  callbacks: {
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
