import { cache } from "react";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, users } from "@/db/schema";
import type { Role } from "@/lib/permissions";
import { auth } from "./config";

export type Actor = {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
};

/** Loads an active user as an actor; null when missing or deactivated. */
export async function loadActor(userId: string): Promise<Actor | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      active: users.active,
      departmentId: users.departmentId,
      departmentName: departments.name,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row || !row.active) return null;
  const { active: _active, ...actor } = row;
  return actor;
}

/**
 * The signed-in user, re-read from the database on every request (once per request thanks to
 * React's cache): a deactivated user is out, and a role change applies, on the next request.
 */
export const currentUser = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const userId = (session as { userId?: string } | null)?.userId;
  if (!userId || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  return loadActor(userId);
});
