import crypto from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "@/db/client";
import { departments, handoffs, ownershipAssignments, type Handoff } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { DomainError, type ErrorKind } from "@/lib/errors";
import { addStage, createJourney } from "@/lib/journeys/commands";
import { rows } from "./db";
import { actorOf, makeDepartment, makeUser } from "./factories";

export const uniq = () => crypto.randomBytes(4).toString("hex");

// databaseFingerprint in db.ts covers only the admin tables. This one covers every table of the
// application schema (journeys, stages, ownership_assignments, handoffs, notifications,
// audit_events, and whatever later features add), so "refused" provably means "wrote nothing".
const MUST_EXIST = ["users", "departments", "journeys", "stages", "ownership_assignments", "handoffs", "notifications", "audit_events"];

const tablesOf = new WeakMap<Db, Promise<string[]>>();

export async function ownershipFingerprint(db: Db): Promise<Record<string, string>> {
  if (!tablesOf.has(db)) {
    tablesOf.set(db, rows<{ t: string }>(db, sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`).then((r) => r.map((x) => x.t)));
  }
  const tables = await tablesOf.get(db)!;
  expect(tables).toEqual(expect.arrayContaining(MUST_EXIST));
  // One statement for all tables: a fingerprint is taken before and after every command.
  const parts = tables.map((t) => `(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from "${t}" x) as "${t}"`);
  const [row] = await rows<Record<string, string>>(db, sql.raw(`select ${parts.join(", ")}`));
  return { ...row };
}

/** Runs `run` and asserts that no journey, ownership, notification or audit row changed. */
export async function expectUnchanged<T>(db: Db, run: () => Promise<T>): Promise<T> {
  const before = await ownershipFingerprint(db);
  const result = await run();
  expect(await ownershipFingerprint(db)).toEqual(before);
  return result;
}

/** Asserts that a command is refused with a DomainError of `kind` (message containing `message`) and writes nothing. */
export async function expectRefused(db: Db, run: () => Promise<unknown>, kind: ErrorKind, message?: string | RegExp): Promise<DomainError> {
  const error = await expectUnchanged(db, async () => {
    try {
      await run();
    } catch (e) {
      return e;
    }
    throw new Error("expected the command to be refused, but it succeeded");
  });
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).kind, (error as DomainError).message).toBe(kind);
  if (message) expect((error as DomainError).message).toMatch(message);
  return error as DomainError;
}

export type HeadedDepartment = { id: string; name: string; head: Actor; member: Actor };

/** A department with an active head (set as its head) and an active member. */
export async function makeHeadedDepartment(db: Db, name = `Dept ${uniq()}`): Promise<HeadedDepartment> {
  const dep = await makeDepartment(db, name);
  const head = await makeUser(db, { role: "head", departmentId: dep.id, name: `Head of ${name}` });
  const member = await makeUser(db, { role: "member", departmentId: dep.id, name: `Member of ${name}` });
  await db.update(departments).set({ headUserId: head.id }).where(eq(departments.id, dep.id));
  return { id: dep.id, name: dep.name, head: actorOf(head, dep.name), member: actorOf(member, dep.name) };
}

/** A live journey with `n` stages created through the commands; returns the stage ids in order. */
export async function makeJourney(cco: Actor, n: number, name = `Journey ${uniq()}`): Promise<{ journeyId: string; stageIds: string[] }> {
  const { journeyId } = (await createJourney({ actor: cco, input: { name, description: "", segment: "", status: "active" } }))!;
  const stageIds: string[] = [];
  for (let i = 1; i <= n; i++) {
    stageIds.push((await addStage({ actor: cco, input: { journeyId, name: `Stage ${i}`, customerGoal: "", emotionScore: null } })).stageId);
  }
  return { journeyId, stageIds };
}

export const assignInput = (stageId: string, dep: { id: string; head: Actor }, over: Partial<{ personId: string; responsible: string[]; consulted: string[]; informed: string[]; reason: string }> = {}) => ({
  stageId,
  departmentId: dep.id,
  personId: dep.head.id,
  responsible: [],
  consulted: [],
  informed: [],
  reason: "Set up for the test",
  ...over,
});

/** The stage's current accountable rows (there must never be more than one). */
export async function currentAccountable(db: Db, stageId: string) {
  return db
    .select()
    .from(ownershipAssignments)
    .where(and(eq(ownershipAssignments.stageId, stageId), eq(ownershipAssignments.raci, "accountable"), isNull(ownershipAssignments.validTo)));
}

export async function handoffRow(db: Db, id: string): Promise<Handoff> {
  return (await db.select().from(handoffs).where(eq(handoffs.id, id)))[0]!;
}

export async function countWhere(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ n: number }>(db, query);
  return Number(row!.n);
}
