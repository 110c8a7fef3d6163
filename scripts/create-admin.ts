// Usage: npm run admin:create -- <email> "<name>"
// Creates the first admin (production mode has no default account) and prints a one-time
// link for them to choose a password. Stop the app first when using the embedded database.
import { z } from "zod";
import { closeDb } from "@/db/client";
import { passwordSignInEnabled, ssoConfig } from "@/lib/auth/sso";
import { bootstrapAdmin } from "@/lib/users/bootstrap";
import { emailField, textField } from "@/lib/validation";

const args = z.tuple([emailField, textField("Name", 120)]).safeParse(process.argv.slice(2));
if (!args.success) {
  console.error('Usage: npm run admin:create -- <email> "<full name>"');
  for (const i of args.error.issues) console.error(`  ${i.message}`);
  process.exit(2);
}
async function main(email: string, name: string) {
  try {
    // With passwords off (AUTH_SSO_ONLY) the admin has no password: they sign in with single
    // sign-on and are matched by the verified email their identity provider sends.
    const { invitePath } = await bootstrapAdmin({ email, name, passwordLink: passwordSignInEnabled });
    const base = process.env.APP_URL ?? "http://localhost:3000";
    if (invitePath) console.log(`Admin ${email} created. Open this link once to choose a password (valid 7 days):\n  ${base}${invitePath}`);
    else console.log(`Admin ${email} created. Passwords are off: sign in at ${base}/sign-in with ${ssoConfig?.name ?? "single sign-on"} as ${email} (the identity provider must send it as a verified email).`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  } finally {
    await closeDb();
  }
}
void main(...args.data);
