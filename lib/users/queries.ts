import { and, asc, count, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, invites, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden, notFound } from "@/lib/errors";
import { fetchPage, FIRST_PAGE, type Page, type Paging } from "@/lib/pagination";
import { can, DEPARTMENT_HEAD_ROLE, ROLES, type Role } from "@/lib/permissions";
import type { UserFilter } from "./schemas";
import { escapeLike } from "@/lib/validation";

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  active: boolean;
  hasPassword: boolean;
  invitePending: boolean;
  createdAt: Date;
};


function userRowSelect() {
  return {
    id: users.id,
    email: users.email,
    name: users.name,
    role: users.role,
    departmentId: users.departmentId,
    departmentName: departments.name,
    active: users.active,
    hasPassword: sql<boolean>`${users.passwordHash} is not null`,
    invitePending: sql<boolean>`exists (select 1 from ${invites} where ${invites.userId} = ${users.id} and ${isNull(invites.usedAt)} and ${invites.expiresAt} > now())`,
    createdAt: users.createdAt,
  };
}

function userListWhere(filter: UserFilter): SQL | undefined {
  const where: SQL[] = [];
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    where.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
  }
  if (filter.role) where.push(eq(users.role, filter.role));
  if (filter.departmentId) where.push(eq(users.departmentId, filter.departmentId));
  if (filter.status === "active") where.push(eq(users.active, true));
  if (filter.status === "inactive") where.push(eq(users.active, false));
  return where.length ? and(...where) : undefined;
}

/** One page of users, by name, with the total. */
export async function listUsers({ actor, filter, paging = FIRST_PAGE }: { actor: Actor; filter: UserFilter; paging?: Paging }): Promise<Page<UserRow>> {
  if (!can(actor.role, "users.manage")) throw forbidden();
  const where = userListWhere(filter);
  const db = await getDb();
  return fetchPage(
    paging,
    async () => (await db.select({ n: count() }).from(users).where(where))[0]?.n ?? 0,
    (limit, offset) =>
      db
        .select(userRowSelect())
        .from(users)
        .leftJoin(departments, eq(departments.id, users.departmentId))
        .where(where)
        .orderBy(asc(users.name), asc(users.email), asc(users.id))
        .limit(limit)
        .offset(offset),
  );
}

/** Every active department head, for the departments page's head pickers (one per department at most in practice, never cut short). */
export async function listActiveHeads({ actor }: { actor: Actor }): Promise<UserRow[]> {
  if (!can(actor.role, "departments.manage")) throw forbidden();
  const db = await getDb();
  return db
    .select(userRowSelect())
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(users.role, DEPARTMENT_HEAD_ROLE), eq(users.active, true)))
    .orderBy(asc(users.name), asc(users.email), asc(users.id));
}

export async function getUser({ actor, userId }: { actor: Actor; userId: string }): Promise<UserRow> {
  if (!can(actor.role, "users.manage")) throw forbidden();
  const db = await getDb();
  const [row] = await db
    .select(userRowSelect())
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, userId));
  if (!row) throw notFound("That user");
  return row;
}

/** Names of everyone (no emails), for the audit log's actor filter: only for those who read the log. */
export async function listPeople({ actor }: { actor: Actor }): Promise<{ id: string; name: string; active: boolean }[]> {
  if (!can(actor.role, "audit.read")) throw forbidden();
  const db = await getDb();
  return db
    .select({ id: users.id, name: users.name, active: users.active })
    .from(users)
    .orderBy(asc(users.name));
}

export type DemoAccount = { email: string; name: string; role: Role; departmentName: string | null };

/** Demo mode only: the seeded accounts, listed on the sign-in page. */
export async function listDemoAccounts(): Promise<DemoAccount[]> {
  const db = await getDb();
  const rows = await db
    .select({ email: users.email, name: users.name, role: users.role, departmentName: departments.name })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(users.active, true), ilike(users.email, "%@demo.throughline.test")));
  return rows.sort(
    (a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || (a.departmentName ?? "").localeCompare(b.departmentName ?? ""),
  );
}
