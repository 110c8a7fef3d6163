import { count, eq, sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "../client";
import { departments, handoffs, journeys, ownershipAssignments, stages, users } from "../schema";
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_USERS, demoEmail } from "@/lib/demo/accounts";
import { DEMO_JOURNEYS } from "@/lib/demo/journeys";

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

    const person = (key: string) => userId.get(demoEmail(key))!;
    const cco = person("cco");
    const daysAgo = (d: number) => sql`now() - make_interval(days => ${d})`;
    for (const j of DEMO_JOURNEYS) {
      const [journey] = await tx
        .insert(journeys)
        .values({ name: j.name, segment: j.segment, description: j.description, status: j.status, createdById: cco })
        .returning();
      for (const [i, s] of j.stages.entries()) {
        const [stage] = await tx
          .insert(stages)
          .values({ journeyId: journey!.id, position: i + 1, name: s.name, customerGoal: s.customerGoal, emotionScore: s.emotion })
          .returning();
        const stageId = stage!.id;
        let handoffId: string | null = null;
        if (s.previousOwner && s.owner) {
          await tx.insert(ownershipAssignments).values({
            stageId, departmentId: depId.get(s.previousOwner.department)!, personId: person(s.previousOwner.person), raci: "accountable",
            source: "assigned", byUserId: cco, reason: "Initial ownership map", validFrom: daysAgo(s.previousOwner.fromDays), validTo: daysAgo(s.owner.sinceDays),
          });
          const [h] = await tx.insert(handoffs).values({
            stageId, fromDepartmentId: depId.get(s.previousOwner.department)!, toDepartmentId: depId.get(s.owner.department)!,
            note: "Installation is run by Fulfilment's crews; they should own the promise to the customer.", goalDisposition: "move",
            status: "accepted", proposedById: person(s.previousOwner.person), proposedAt: daysAgo(s.owner.sinceDays + 2),
            respondedById: person(s.owner.person), respondedAt: daysAgo(s.owner.sinceDays),
          }).returning();
          handoffId = h!.id;
        }
        if (s.owner) {
          await tx.insert(ownershipAssignments).values({
            stageId, departmentId: depId.get(s.owner.department)!, personId: person(s.owner.person), raci: "accountable", source: s.owner.source,
            byUserId: s.owner.source === "assigned" ? cco : person(s.owner.person), reason: s.owner.source === "claimed" ? "Claimed by the department head" : "Initial ownership map",
            validFrom: daysAgo(s.owner.sinceDays), handoffId,
          });
        }
        for (const [dep, raci] of Object.entries(s.others ?? {})) {
          await tx.insert(ownershipAssignments).values({
            stageId, departmentId: depId.get(dep)!, raci, source: "assigned", byUserId: cco, reason: "Initial ownership map", validFrom: daysAgo(s.owner?.sinceDays ?? 90),
          });
        }
        if (s.pendingHandoffTo && s.owner) {
          await tx.insert(handoffs).values({
            stageId, fromDepartmentId: depId.get(s.owner.department)!, toDepartmentId: depId.get(s.pendingHandoffTo.department)!,
            note: s.pendingHandoffTo.note, goalDisposition: "move", proposedById: person(s.owner.person), proposedAt: daysAgo(2),
          });
        }
      }
    }
    return true;
  });
}
