import { asc, gt, max } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, type AuditEvent } from "@/db/schema";
import { databaseFingerprint } from "./db";

/** The id of the newest audit event (0 when none): pass it to `auditSince` after the change. */
export async function auditMark(db: Db): Promise<number> {
  const [row] = await db.select({ id: max(auditEvents.id) }).from(auditEvents);
  return row?.id ?? 0;
}

/** Audit events appended after `mark`, oldest first. */
export async function auditSince(db: Db, mark: number): Promise<AuditEvent[]> {
  return db.select().from(auditEvents).where(gt(auditEvents.id, mark)).orderBy(asc(auditEvents.id));
}

/** Runs `run` and asserts that no application table changed (a refused change writes nothing). */
export async function expectNoWrites<T>(db: Db, run: () => Promise<T>): Promise<T> {
  const before = await databaseFingerprint(db);
  const result = await run();
  expect(await databaseFingerprint(db)).toEqual(before);
  return result;
}
