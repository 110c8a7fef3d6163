import crypto from "node:crypto";
import { departments, users } from "@/db/schema";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/permissions";

const uniq = () => crypto.randomBytes(4).toString("hex");

export async function makeDepartment(db: Db, name = `Dept ${uniq()}`) {
  const [d] = await db.insert(departments).values({ name }).returning();
  return d!;
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct horse battery staple";

/** Inserts a user directly (no audit event): test scaffolding, not the code under test. */
export async function makeUser(db: Db, opts: { role: Role; departmentId?: string | null; name?: string; email?: string; active?: boolean; withPassword?: boolean }) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const [u] = await db
    .insert(users)
    .values({
      email: opts.email ?? `${opts.role}-${uniq()}@example.test`,
      name: opts.name ?? `${opts.role} ${uniq()}`,
      role: opts.role,
      departmentId: opts.departmentId ?? null,
      active: opts.active ?? true,
      passwordHash: opts.withPassword === false ? null : await cachedHash,
    })
    .returning();
  return u!;
}

export function actorOf(u: { id: string; email: string; name: string; role: Role; departmentId: string | null }, departmentName: string | null = null): Actor {
  return { id: u.id, email: u.email, name: u.name, role: u.role, departmentId: u.departmentId, departmentName };
}

/** One active user of every role (heads and members in `dept`), as actors. */
export async function makeCast(db: Db) {
  const dept = await makeDepartment(db);
  const admin = await makeUser(db, { role: "admin" });
  const cco = await makeUser(db, { role: "cco" });
  const executive = await makeUser(db, { role: "executive" });
  const head = await makeUser(db, { role: "head", departmentId: dept.id });
  const member = await makeUser(db, { role: "member", departmentId: dept.id });
  return {
    dept,
    users: { admin, cco, executive, head, member },
    actors: {
      admin: actorOf(admin),
      cco: actorOf(cco),
      executive: actorOf(executive),
      head: actorOf(head, dept.name),
      member: actorOf(member, dept.name),
    } satisfies Record<Role, Actor>,
  };
}
