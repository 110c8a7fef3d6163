import { eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { departments, users, type Department } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { conflict, forbidden, invalid, notFound, pgConstraint, pgErrorCode } from "@/lib/errors";
import { expireHandoffsOfDepartment, flagOrphanedStages } from "@/lib/ownership/commands";
import { can, mayHeadDepartment } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";

function requireDepartmentAdmin(actor: Actor) {
  if (!can(actor.role, "departments.manage")) throw forbidden();
}

const snapshot = (d: Department) => ({ name: d.name, headUserId: d.headUserId, archived: d.archived });

async function lockDepartment(tx: Tx, departmentId: string): Promise<Department> {
  const [row] = await tx.select().from(departments).where(eq(departments.id, departmentId)).for("update");
  if (!row) throw notFound("That department");
  return row;
}

function translateUnique(e: unknown): never {
  if (pgErrorCode(e) === "23505" && pgConstraint(e) === "departments_name_live_uq") {
    throw conflict("Please correct the highlighted fields.", { name: ["A department with this name already exists."] });
  }
  throw e;
}

export async function createDepartment({ actor, name }: { actor: Actor; name: string }): Promise<{ departmentId: string }> {
  requireDepartmentAdmin(actor);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [dep] = await tx.insert(departments).values({ name }).returning();
      if (!dep) throw new Error("insert returned no row");
      await recordAudit(tx, { actorId: actor.id, action: "department.created", entityType: "department", entityId: dep.id, after: snapshot(dep) });
      return { departmentId: dep.id };
    });
  } catch (e) {
    translateUnique(e);
  }
}

export async function renameDepartment({ actor, departmentId, name }: { actor: Actor; departmentId: string; name: string }) {
  requireDepartmentAdmin(actor);
  const db = await getDb();
  try {
    await db.transaction(async (tx) => {
      const before = await lockDepartment(tx, departmentId);
      if (before.archived) throw conflict("Restore this department before renaming it.");
      if (before.name === name) return;
      const [after] = await tx.update(departments).set({ name, updatedAt: sql`now()` }).where(eq(departments.id, departmentId)).returning();
      await recordAudit(tx, { actorId: actor.id, action: "department.updated", entityType: "department", entityId: departmentId, before: snapshot(before), after: snapshot(after!) });
    });
  } catch (e) {
    translateUnique(e);
  }
}

/** The head must be an active department head who belongs to this department. */
export async function setDepartmentHead({ actor, departmentId, headUserId }: { actor: Actor; departmentId: string; headUserId: string | null }) {
  requireDepartmentAdmin(actor);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const before = await lockDepartment(tx, departmentId);
    if (before.archived) throw conflict("Restore this department before changing its head.");
    if (before.headUserId === headUserId) return;
    if (headUserId) {
      const [person] = await tx.select().from(users).where(eq(users.id, headUserId)).for("update");
      const field = (msg: string) => invalid("Please correct the highlighted fields.", { headUserId: [msg] });
      if (!person) throw field("That person does not exist.");
      if (!person.active) throw field(`${person.name} is deactivated.`);
      if (person.departmentId !== departmentId) throw field(`${person.name} is not in ${before.name}; move them here first.`);
      if (!mayHeadDepartment(person.role)) throw field(`${person.name} does not have the department head role; change their role first.`);
    }
    const [after] = await tx
      .update(departments)
      .set({ headUserId, updatedAt: sql`now()` })
      .where(eq(departments.id, departmentId))
      .returning();
    await recordAudit(tx, { actorId: actor.id, action: "department.updated", entityType: "department", entityId: departmentId, before: snapshot(before), after: snapshot(after!) });
  });
}

/** Locks a department about to be archived and checks that it is not archived already. */
export async function lockDepartmentToArchive(tx: Tx, actor: Actor, departmentId: string): Promise<Department> {
  requireDepartmentAdmin(actor);
  const before = await lockDepartment(tx, departmentId);
  if (before.archived) throw conflict("This department is already archived.");
  return before;
}

/**
 * Archives a department locked by `lockDepartmentToArchive`, in the caller's transaction:
 * its pending handoffs expire and the stages it still owns are flagged as needing an owner.
 */
export async function writeArchive(tx: Tx, actor: Actor, before: Department, reason: string | null): Promise<void> {
  const [after] = await tx.update(departments).set({ archived: true, updatedAt: sql`now()` }).where(eq(departments.id, before.id)).returning();
  await recordAudit(tx, { actorId: actor.id, action: "department.archived", entityType: "department", entityId: before.id, before: snapshot(before), after: snapshot(after!), reason: reason || null });
  await expireHandoffsOfDepartment(tx, before.id, actor.id);
  await flagOrphanedStages(tx, { departmentId: before.id }, actor.id, `${before.name}, the owning department, was archived.`);
}

/**
 * Archives a department and flags everything it owns, with no preview and no successors. The
 * admin screen archives only through `lib/offboarding` (preview, successors, fingerprint).
 */
export async function archiveDepartment({ actor, departmentId, reason }: { actor: Actor; departmentId: string; reason?: string }) {
  requireDepartmentAdmin(actor);
  await inTransaction(async (tx) => {
    const before = await lockDepartmentToArchive(tx, actor, departmentId);
    await writeArchive(tx, actor, before, reason || null);
  });
}

export async function restoreDepartment({ actor, departmentId }: { actor: Actor; departmentId: string }) {
  requireDepartmentAdmin(actor);
  const db = await getDb();
  try {
    await db.transaction(async (tx) => {
      const before = await lockDepartment(tx, departmentId);
      if (!before.archived) throw conflict("This department is not archived.");
      const [after] = await tx.update(departments).set({ archived: false, updatedAt: sql`now()` }).where(eq(departments.id, departmentId)).returning();
      await recordAudit(tx, { actorId: actor.id, action: "department.restored", entityType: "department", entityId: departmentId, before: snapshot(before), after: snapshot(after!) });
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505" && pgConstraint(e) === "departments_name_live_uq") {
      throw conflict("Another current department already uses this name; rename one of them first.");
    }
    throw e;
  }
}
