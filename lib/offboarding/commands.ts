import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { departments, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { lockDepartmentToArchive, writeArchive } from "@/lib/departments/commands";
import { replaceDisputeParty } from "@/lib/disputes/commands";
import { DomainError, invalid, stale } from "@/lib/errors";
import { reassignGoalOwner } from "@/lib/goals/commands";
import { applyAssignment, reofferHandoff } from "@/lib/ownership/commands";
import { currentRaci } from "@/lib/ownership/state";
import { inTransaction } from "@/lib/tx";
import { lockUserToDeactivate, writeDeactivation } from "@/lib/users/commands";
import { loadOffboardingPreview, requireOffboarder, type OffboardingItem, type OffboardingSubject } from "./queries";
import { CHOICE_PREFIX, type ConfirmOffboardingInput } from "./schemas";

export const STALE_PREVIEW = "What this covers changed since the page was opened (someone else acted meanwhile); nothing was saved. Check the fresh list below and confirm again.";

export type OffboardingResult = { name: string; handedOn: number; flagged: string[] };

const INVALID = "Please correct the highlighted fields.";
const itemError = (item: OffboardingItem, message: string) => invalid(INVALID, { [`${CHOICE_PREFIX}${item.key}`]: [message] });

/**
 * Deactivates a person or archives a department, handing each thing they own to the successor
 * the admin chose or leaving it flagged, in ONE transaction with the deactivation or archive:
 * every step goes through the same internals as the ordinary command (assignment, handoff,
 * goal, dispute), with its own audit event, so one failing item leaves nothing changed.
 *
 * The subject is locked FOR UPDATE first; claims and assignments lock the person or department
 * they give a stage to FOR SHARE, so they either finish before (and the preview below sees
 * them: the fingerprint no longer matches, `stale`) or wait and are then refused.
 */
export async function confirmOffboarding({ actor, input }: { actor: Actor; input: ConfirmOffboardingInput }): Promise<OffboardingResult> {
  const subject: OffboardingSubject = { kind: input.subjectKind, id: input.subjectId };
  requireOffboarder(actor, subject);
  return inTransaction(async (tx) => {
    const locked =
      subject.kind === "person"
        ? { kind: "person" as const, row: await lockUserToDeactivate(tx, actor, subject.id) }
        : { kind: "department" as const, row: await lockDepartmentToArchive(tx, actor, subject.id) };
    const preview = await loadOffboardingPreview(tx, subject);
    if (preview.fingerprint !== input.fingerprint) throw stale(STALE_PREVIEW);

    const byKey = new Map(preview.items.map((i) => [i.key, i]));
    for (const [key, successor] of Object.entries(input.choices)) {
      const item = byKey.get(key);
      if (!item) throw stale(STALE_PREVIEW);
      if (successor && !item.successor) throw itemError(item, "This item cannot be handed on; it is left flagged.");
      if (successor === subject.id) throw itemError(item, `Choose someone other than ${preview.subject.name}.`);
    }

    const name = preview.subject.name;
    const why = subject.kind === "person" ? `Handed on as ${name} is deactivated.` : `Handed on as ${name} is archived.`;
    const leavingDepartmentId = subject.kind === "department" ? subject.id : undefined;
    const chosen = (item: OffboardingItem) => input.choices[item.key] || null;
    let handedOn = 0;
    const flagged: string[] = [];

    // Stages first (their open goals and pending handoffs may follow them), then goals,
    // handoffs and disputes, each re-read under its lock.
    const order = ["stage", "goal", "handoff", "dispute"] as const;
    for (const kind of order) {
      for (const item of preview.items.filter((i) => i.kind === kind)) {
        const successor = chosen(item);
        if (!successor) continue;
        try {
          if (await handOn(tx, actor, item, successor, { why, leavingDepartmentId, subject })) handedOn++;
        } catch (e) {
          // An item's refusal is shown next to that item; the transaction is rolled back whole.
          if (e instanceof DomainError && (e.kind === "invalid" || e.kind === "conflict")) {
            const messages = Object.values(e.fieldErrors).flat();
            throw itemError(item, messages.length ? messages.join(" ") : e.message);
          }
          throw e;
        }
      }
    }

    // What is left is what gets flagged: read again, since an open goal or a pending offer may
    // have followed its stage to the stage's successor.
    const left = await loadOffboardingPreview(tx, subject);
    flagged.push(...left.items.map((i) => `${i.label}: ${i.flaggedMeans}`));

    const reason = input.reason || null;
    if (locked.kind === "person") await writeDeactivation(tx, actor, locked.row, reason);
    else await writeArchive(tx, actor, locked.row, reason);
    return { name, handedOn, flagged };
  });
}

async function handOn(
  tx: Tx,
  actor: Actor,
  item: OffboardingItem,
  successor: string,
  ctx: { why: string; leavingDepartmentId: string | undefined; subject: OffboardingSubject },
): Promise<boolean> {
  switch (item.kind) {
    case "stage": {
      const raci = await currentRaci(tx, item.stageId);
      if (item.successor === "person") {
        const [person] = await tx.select().from(users).where(eq(users.id, successor));
        if (!person?.departmentId) throw itemError(item, "Choose an active person who belongs to a department.");
        if (person.departmentId === ctx.leavingDepartmentId) throw itemError(item, `${person.name} is in the department being archived; choose someone in another one.`);
        const others = (r: "responsible" | "consulted" | "informed") => raci.filter((e) => e.raci === r && e.departmentId !== person.departmentId).map((e) => e.departmentId);
        await applyAssignment(
          tx,
          actor,
          { stageId: item.stageId, departmentId: person.departmentId, personId: person.id, responsible: others("responsible"), consulted: others("consulted"), informed: others("informed"), reason: ctx.why },
          "assigned",
          null,
        );
        return true;
      }
      // An R/C/I role of the department being archived passes to the successor department.
      const accountable = raci.find((e) => e.raci === "accountable");
      if (!accountable?.personId) throw itemError(item, "This stage has no accountable owner; assign it on the stage's page, or leave this role flagged.");
      if (raci.some((e) => e.departmentId === successor)) {
        const [dep] = await tx.select().from(departments).where(eq(departments.id, successor));
        throw itemError(item, `${dep?.name ?? "That department"} already holds a role on this stage.`);
      }
      const roles = (r: "responsible" | "consulted" | "informed") =>
        raci.filter((e) => e.raci === r).map((e) => (e.departmentId === item.departmentId ? successor : e.departmentId));
      await applyAssignment(
        tx,
        actor,
        { stageId: item.stageId, departmentId: accountable.departmentId, personId: accountable.personId, responsible: roles("responsible"), consulted: roles("consulted"), informed: roles("informed"), reason: ctx.why },
        "assigned",
        null,
      );
      return true;
    }
    case "goal":
      return reassignGoalOwner(tx, actor, {
        goalId: item.goalId,
        stillHeldBy: ctx.subject.kind === "person" ? { ownerId: ctx.subject.id } : { departmentId: ctx.subject.id },
        newOwnerId: successor,
        leavingDepartmentId: ctx.leavingDepartmentId,
        reason: ctx.why,
      });
    case "handoff":
      return reofferHandoff(tx, actor, item.handoffId, successor, ctx.why);
    case "dispute":
      return replaceDisputeParty(tx, actor, item.disputeId, ctx.subject.id, successor, ctx.why);
  }
}
