import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authSecret } from "./secret";
import { verifyCredentials } from "./credentials";

export class AccountLockedError extends CredentialsSignin {
  code = "locked";
}

// JWT sessions (credentials sign-in needs them). The token carries only the user id: role,
// department and the active flag are re-read from the database on every request.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials) {
        const result = await verifyCredentials({
          email: String(credentials?.email ?? ""),
          password: String(credentials?.password ?? ""),
        });
        if (result.ok) return { id: result.userId };
        if (result.reason === "locked") throw new AccountLockedError();
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: typeof token.uid === "string" ? token.uid : undefined };
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
