import { asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { departments, users } from "@/db/schema";

export type DepartmentRow = {
  id: string;
  name: string;
  archived: boolean;
  headUserId: string | null;
  headName: string | null;
  headActive: boolean | null;
  activeMembers: number;
};

/** Departments with their head and head-count; visible to every signed-in role. */
/** Current (not archived) departments' ids and names, by name: for a filter's choices. */
export async function listDepartmentOptions(): Promise<{ id: string; name: string }[]> {
  const db = await getDb();
  return db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.archived, false)).orderBy(asc(departments.name));
}

export async function listDepartments(): Promise<DepartmentRow[]> {
  const db = await getDb();
  const head = alias(users, "head");
  return db
    .select({
      id: departments.id,
      name: departments.name,
      archived: departments.archived,
      headUserId: departments.headUserId,
      headName: head.name,
      headActive: head.active,
      activeMembers: sql<number>`(select count(*)::int from ${users} where ${users.departmentId} = ${departments.id} and ${users.active})`,
    })
    .from(departments)
    .leftJoin(head, eq(head.id, departments.headUserId))
    .orderBy(asc(departments.archived), asc(departments.name));
}
