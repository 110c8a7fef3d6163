import { count, eq, sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "../client";
import { departments, users } from "../schema";
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_USERS, demoEmail } from "@/lib/demo/accounts";

const SEED_LOCK_KEY = 7_384_113;

/** Seeds the demo company into a database that has no users yet; otherwise does nothing. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    // Several app servers may start on one empty database; one seeds, the rest see users.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(users);
    if (n > 0) return false;

    const depRows = await tx
      .insert(departments)
      .values(DEMO_DEPARTMENTS.map((name) => ({ name })))
      .returning();
    const depId = new Map(depRows.map((d) => [d.name, d.id]));

    const userRows = await tx
      .insert(users)
      .values(
        DEMO_USERS.map((u) => ({
          email: demoEmail(u.key),
          name: u.name,
          role: u.role,
          departmentId: u.department ? depId.get(u.department)! : null,
          passwordHash,
        })),
      )
      .returning();
    const userId = new Map(userRows.map((u) => [u.email, u.id]));

    for (const u of DEMO_USERS) {
      if (!u.headOf) continue;
      await tx
        .update(departments)
        .set({ headUserId: userId.get(demoEmail(u.key))! })
        .where(eq(departments.id, depId.get(u.headOf)!));
    }
    return true;
  });
}
