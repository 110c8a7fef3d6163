import { count, eq, sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "../client";
import { checkIns, decisions, departments, disputeComments, disputeParties, disputes, goals, handoffs, journeys, objectives, ownershipAssignments, stages, users } from "../schema";
import { DEMO_DISPUTES } from "@/lib/demo/disputes";
import { DEMO_GOALS, DEMO_OBJECTIVES } from "@/lib/demo/goals";
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_USERS, demoEmail } from "@/lib/demo/accounts";
import { DEMO_JOURNEYS } from "@/lib/demo/journeys";
import { seedDemoSignals } from "./demo-signals";

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
    const stageIds = new Map<string, { id: string; departmentId: string | null }>();
    for (const j of DEMO_JOURNEYS) {
      const [journey] = await tx
        .insert(journeys)
        .values({ name: j.name, segment: j.segment, description: j.description, status: j.status, createdById: cco })
        .returning();
      for (const [i, s] of j.stages.entries()) {
        const [stage] = await tx
          .insert(stages)
          .values({ journeyId: journey!.id, position: i + 1, name: s.name, customerGoal: s.customerGoal, emotionScore: s.emotion, createdAt: daysAgo(150) })
          .returning();
        const stageId = stage!.id;
        stageIds.set(s.name, { id: stageId, departmentId: s.owner ? depId.get(s.owner.department)! : null });
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

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const objectiveIds: string[] = [];
    for (const o of DEMO_OBJECTIVES) {
      const start = new Date();
      start.setUTCMonth(start.getUTCMonth() - o.startMonthsAgo, 1);
      const end = new Date(start);
      end.setUTCMonth(end.getUTCMonth() + o.lengthMonths);
      const [row] = await tx
        .insert(objectives)
        .values({ title: o.title, description: o.description, periodStart: start.toISOString().slice(0, 10), periodEnd: end.toISOString().slice(0, 10), createdById: person("exec") })
        .returning();
      objectiveIds.push(row!.id);
    }
    for (const g of DEMO_GOALS) {
      const stage = stageIds.get(g.stage)!;
      const { checkIns: history, stage: _stage, owner, objective, startDaysAgo, dueInDays, ...fields } = g;
      const [goal] = await tx
        .insert(goals)
        .values({ ...fields, stageId: stage.id, departmentId: stage.departmentId!, ownerId: person(owner), objectiveId: objectiveIds[objective]!, startDate: day(-startDaysAgo), dueDate: day(dueInDays), createdById: person(owner),
          // Set on its start date and unchanged since, so the board "as of" a past day can show it then.
          createdAt: daysAgo(startDaysAgo), updatedAt: daysAgo(startDaysAgo) })
        .returning();
      for (const c of history) {
        await tx.insert(checkIns).values({ goalId: goal!.id, value: c.value, confidence: c.confidence, note: c.note, measuredOn: day(-c.daysAgo), authorId: person(owner), createdAt: daysAgo(c.daysAgo) });
      }
    }

    for (const d of DEMO_DISPUTES) {
      const raiser = DEMO_USERS.find((u) => u.key === d.raisedBy)!;
      const closedDaysAgo = d.decided?.daysAgo;
      const [row] = await tx
        .insert(disputes)
        .values({
          kind: d.kind,
          stageId: d.stage ? stageIds.get(d.stage)!.id : null,
          title: d.title,
          description: d.description,
          raisedById: person(d.raisedBy),
          raisedByDepartmentId: raiser.department ? depId.get(raiser.department)! : null,
          status: d.decided ? "decided" : "open",
          openedAt: daysAgo(d.openedDaysAgo),
          dueBy: sql`now() - make_interval(days => ${d.openedDaysAgo}) + interval '10 days'`,
          reviewerId: d.decided ? cco : null,
          takenAt: d.decided ? daysAgo(d.openedDaysAgo - 1) : null,
          closedAt: closedDaysAgo !== undefined ? daysAgo(closedDaysAgo) : null,
        })
        .returning();
      for (const dep of d.parties) {
        const st = d.statements[dep];
        await tx.insert(disputeParties).values({
          disputeId: row!.id,
          departmentId: depId.get(dep)!,
          statement: st?.statement ?? "",
          proposal: st?.proposal ?? "",
          updatedById: st ? person(DEMO_USERS.find((u) => u.headOf === dep)!.key) : null,
          updatedAt: st ? daysAgo(d.openedDaysAgo) : null,
        });
      }
      for (const c of d.comments ?? []) {
        await tx.insert(disputeComments).values({ disputeId: row!.id, authorId: person(c.by), body: c.body, createdAt: daysAgo(c.daysAgo) });
      }
      if (d.decided) {
        await tx.insert(decisions).values({
          disputeId: row!.id,
          outcome: d.decided.outcome,
          rationale: d.decided.rationale,
          optionsConsidered: d.decided.optionsConsidered,
          decidedById: cco,
          decidedAt: daysAgo(d.decided.daysAgo),
        });
      }
    }
    const heads = new Map(DEMO_USERS.filter((u) => u.headOf).map((u) => [depId.get(u.headOf!)!, person(u.key)]));
    await seedDemoSignals(tx, [...stageIds].map(([name, s]) => ({ name, ...s })), { cco, byDepartment: heads });
    return true;
  });
}
