// Usage: npm run admin:create -- <email> "<name>"
// Creates the first admin (production mode has no default account) and prints a one-time
// link for them to choose a password. Stop the app first when using the embedded database.
import { z } from "zod";
import { closeDb } from "@/db/client";
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
    const { invitePath } = await bootstrapAdmin({ email, name });
    const base = process.env.APP_URL ?? "http://localhost:3000";
    console.log(`Admin ${email} created. Open this link once to choose a password (valid 7 days):\n  ${base}${invitePath}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  } finally {
    await closeDb();
  }
}
void main(...args.data);
