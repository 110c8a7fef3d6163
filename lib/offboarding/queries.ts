import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb, resultRows, type Executor } from "@/db/client";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden, notFound } from "@/lib/errors";
import { can, type Capability } from "@/lib/permissions";

/**
 * What a person or a department owns before an admin deactivates or archives them: the
 * stages they hold a role on, their open goals, pending handoffs and open disputes. The same
 * function runs for the page (the preview) and inside the confirming transaction, so the
 * fingerprint of what the admin saw can be compared with what is there now.
 */
export type OffboardingSubject = { kind: "person" | "department"; id: string };

export type SuccessorKind = "person" | "department" | null;
type ItemBase = { key: string; label: string; detail: string; link: string; successor: SuccessorKind; flaggedMeans: string };
export type StageItem = ItemBase & { kind: "stage"; stageId: string; raci: "accountable" | "responsible" | "consulted" | "informed"; departmentId: string };
export type GoalItem = ItemBase & { kind: "goal"; goalId: string; stageId: string; departmentId: string };
export type HandoffItem = ItemBase & { kind: "handoff"; handoffId: string; stageId: string; fromDepartmentId: string; toDepartmentId: string };
export type DisputeItem = ItemBase & { kind: "dispute"; disputeId: string };
export type OffboardingItem = StageItem | GoalItem | HandoffItem | DisputeItem;

export type OffboardingPreview = {
  subject: { kind: "person" | "department"; id: string; name: string; departmentId: string | null; live: boolean };
  items: OffboardingItem[];
  fingerprint: string;
};

export type SuccessorOptions = {
  people: { id: string; name: string; departmentId: string; departmentName: string }[];
  departments: { id: string; name: string }[];
};

const RACI_LABEL = { accountable: "Accountable", responsible: "Responsible", consulted: "Consulted", informed: "Informed" } as const;
const stageLink = (journeyId: string, stageId: string) => `/journeys/${journeyId}/stages/${stageId}`;

export function requireOffboarder(actor: Pick<Actor, "role">, subject: Pick<OffboardingSubject, "kind">) {
  const capability: Capability = subject.kind === "person" ? "users.manage" : "departments.manage";
  if (!can(actor.role, capability)) throw forbidden();
}

/** The fingerprint of a preview: every item's identity and the state it was shown in. */
export function fingerprintOf(items: OffboardingItem[]): string {
  const canonical = items
    .map((i) => {
      switch (i.kind) {
        case "stage":
          return `${i.key}|${i.departmentId}`;
        case "goal":
          return `${i.key}|${i.departmentId}|${i.stageId}`;
        case "handoff":
          return `${i.key}|${i.fromDepartmentId}|${i.toDepartmentId}`;
        case "dispute":
          return i.key;
      }
    })
    .sort();
  return createHash("sha256").update(canonical.join("\n")).digest("hex");
}

type SubjectRow = { id: string; name: string; departmentId: string | null; live: boolean };

/** Reads the preview with `db` (a transaction inside the confirming command, the pool for the page). */
export async function loadOffboardingPreview(db: Executor, subject: OffboardingSubject): Promise<OffboardingPreview> {
  const person = subject.kind === "person";
  const [row] = resultRows<SubjectRow>(
    await db.execute(
      person
        ? sql`select id, name, department_id as "departmentId", active as live from users where id = ${subject.id}`
        : sql`select id, name, null::uuid as "departmentId", not archived as live from departments where id = ${subject.id}`,
    ),
  );
  if (!row) throw notFound(person ? "That user" : "That department");

  const liveStage = sql`not s.archived and j.status <> 'archived'`;
  const [stageRows, goalRows, handoffRows, disputeRows] = await Promise.all([
    db.execute(sql`
      select s.id as "stageId", s.name as "stageName", j.id as "journeyId", j.name as "journeyName", oa.raci, oa.department_id as "departmentId", d.name as "departmentName"
      from ownership_assignments oa join stages s on s.id = oa.stage_id join journeys j on j.id = s.journey_id join departments d on d.id = oa.department_id
      where oa.valid_to is null and ${liveStage}
        and ${person ? sql`oa.raci = 'accountable' and oa.person_id = ${subject.id}` : sql`oa.department_id = ${subject.id}`}
      order by j.name, s.position, oa.raci`),
    db.execute(sql`
      select g.id as "goalId", g.title, g.status, g.stage_id as "stageId", g.department_id as "departmentId", s.name as "stageName", d.name as "departmentName", u.name as "ownerName"
      from goals g join stages s on s.id = g.stage_id join departments d on d.id = g.department_id join users u on u.id = g.owner_id
      where g.status in ('draft', 'active') and ${person ? sql`g.owner_id = ${subject.id}` : sql`g.department_id = ${subject.id}`}
      order by g.title, g.id`),
    db.execute(sql`
      select h.id as "handoffId", h.stage_id as "stageId", s.name as "stageName", s.journey_id as "journeyId", h.from_department_id as "fromDepartmentId", h.to_department_id as "toDepartmentId",
        fd.name as "fromName", td.name as "toName", h.proposed_by_id as "proposedById"
      from handoffs h join stages s on s.id = h.stage_id join departments fd on fd.id = h.from_department_id join departments td on td.id = h.to_department_id
      where h.status = 'pending' and ${
        person
          ? sql`(h.proposed_by_id = ${subject.id} or exists (select 1 from departments hd where hd.id = h.to_department_id and hd.head_user_id = ${subject.id}))`
          : sql`(h.from_department_id = ${subject.id} or h.to_department_id = ${subject.id})`
      }
      order by s.name, h.id`),
    db.execute(sql`
      select dd.id as "disputeId", dd.title, dd.status, dd.raised_by_id = ${person ? subject.id : null} as "raisedByPerson"
      from disputes dd
      where dd.status in ('open', 'under_review') and ${
        person
          ? sql`(dd.raised_by_id = ${subject.id} or dd.reviewer_id = ${subject.id})`
          : sql`(dd.raised_by_department_id = ${subject.id} or exists (select 1 from dispute_parties p where p.dispute_id = dd.id and p.department_id = ${subject.id}))`
      }
      order by dd.opened_at, dd.id`),
  ]);

  const items: OffboardingItem[] = [];
  for (const s of resultRows<{ stageId: string; stageName: string; journeyId: string; journeyName: string; raci: StageItem["raci"]; departmentId: string; departmentName: string }>(stageRows)) {
    const accountable = s.raci === "accountable";
    items.push({
      kind: "stage",
      key: `stage:${s.stageId}`,
      stageId: s.stageId,
      raci: s.raci,
      departmentId: s.departmentId,
      label: `${s.journeyName} › ${s.stageName}`,
      detail: person ? `Accountable (for ${s.departmentName})` : RACI_LABEL[s.raci],
      link: stageLink(s.journeyId, s.stageId),
      successor: accountable ? "person" : "department",
      flaggedMeans: accountable ? "stays assigned and shows as needing an owner" : `keeps ${row.name} as ${RACI_LABEL[s.raci].toLowerCase()}, an archived department`,
    });
  }
  for (const g of resultRows<{ goalId: string; title: string; status: string; stageId: string; departmentId: string; stageName: string; departmentName: string; ownerName: string }>(goalRows)) {
    items.push({
      kind: "goal",
      key: `goal:${g.goalId}`,
      goalId: g.goalId,
      stageId: g.stageId,
      departmentId: g.departmentId,
      label: g.title,
      detail: `${g.status === "draft" ? "Draft" : "Active"} goal on ${g.stageName} (${g.departmentName}; owner ${g.ownerName})`,
      link: `/goals/${g.goalId}`,
      successor: "person",
      flaggedMeans: person ? "keeps a deactivated owner" : "stays with an archived department",
    });
  }
  for (const h of resultRows<{ handoffId: string; stageId: string; stageName: string; journeyId: string; fromDepartmentId: string; toDepartmentId: string; fromName: string; toName: string }>(handoffRows)) {
    // Only an offer *to* the archived department can go to another one instead: an offer from
    // it stands or falls with the stage, which is its own item.
    const reofferable = !person && h.toDepartmentId === subject.id;
    items.push({
      kind: "handoff",
      key: `handoff:${h.handoffId}`,
      handoffId: h.handoffId,
      stageId: h.stageId,
      fromDepartmentId: h.fromDepartmentId,
      toDepartmentId: h.toDepartmentId,
      label: `Handoff of ${h.stageName}`,
      detail: `Pending, offered by ${h.fromName} to ${h.toName}`,
      link: stageLink(h.journeyId, h.stageId),
      successor: reofferable ? "department" : null,
      flaggedMeans: person ? "stays pending (handoffs are between departments)" : "expires: an archived department cannot answer it",
    });
  }
  for (const d of resultRows<{ disputeId: string; title: string; status: string; raisedByPerson: boolean | null }>(disputeRows)) {
    items.push({
      kind: "dispute",
      key: `dispute:${d.disputeId}`,
      disputeId: d.disputeId,
      label: d.title,
      detail: person ? (d.raisedByPerson ? "Raised by them, still open" : "Under their review") : `Open dispute with ${row.name} as a party`,
      link: `/disputes/${d.disputeId}`,
      successor: person ? null : "department",
      flaggedMeans: person ? "stays open for the CCO to decide" : `keeps ${row.name} as a party`,
    });
  }
  return { subject: { kind: subject.kind, ...row }, items, fingerprint: fingerprintOf(items) };
}

/** The page's preview: what the person or department owns now, and whom it could go to. */
export async function getOffboardingPreview({ actor, subject }: { actor: Actor; subject: OffboardingSubject }): Promise<OffboardingPreview & { options: SuccessorOptions }> {
  requireOffboarder(actor, subject);
  const db = await getDb();
  const preview = await loadOffboardingPreview(db, subject);
  const people = resultRows<SuccessorOptions["people"][number]>(
    await db.execute(sql`
      select u.id, u.name, d.id as "departmentId", d.name as "departmentName"
      from users u join departments d on d.id = u.department_id
      where u.active and not d.archived and u.id <> ${subject.id} and d.id <> ${subject.id}
      order by u.name, u.id`),
  );
  const departments = resultRows<SuccessorOptions["departments"][number]>(
    await db.execute(sql`select id, name from departments where not archived and id <> ${subject.id} order by name`),
  );
  return { ...preview, options: { people, departments } };
}
