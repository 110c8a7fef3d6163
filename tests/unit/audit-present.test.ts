import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, type AuditAction, type AuditEntityType } from "@/lib/audit/catalog";
import { AUDIT_ACTION_LABELS } from "@/lib/audit/labels";
import { AUDIT_PAYLOADS, parseAuditPayloads } from "@/lib/audit/payloads";
import { auditChanges, auditRefs, formatValue, linkFor, presentAuditEvent, refKey, type AuditNames, type RefKind } from "@/lib/audit/present";
import { changesText } from "@/lib/exports/audit";

const ids = {
  ana: "00000000-0000-4000-8000-00000000000a",
  bo: "00000000-0000-4000-8000-00000000000b",
  sales: "00000000-0000-4000-8000-0000000000d1",
  support: "00000000-0000-4000-8000-0000000000d2",
  journey: "00000000-0000-4000-8000-0000000000e1",
  stage: "00000000-0000-4000-8000-0000000000f1",
  goal: "00000000-0000-4000-8000-0000000000a1",
  objective: "00000000-0000-4000-8000-0000000000a2",
  dispute: "00000000-0000-4000-8000-0000000000a3",
  decision: "00000000-0000-4000-8000-0000000000a4",
  handoff: "00000000-0000-4000-8000-0000000000a5",
  checkIn: "00000000-0000-4000-8000-0000000000a6",
  followUp: "00000000-0000-4000-8000-0000000000a7",
  gone: "99999999-0000-4000-8000-000000000000",
};

const names: AuditNames = new Map<string, { name: string; href: string | null }>([
  [refKey("user", ids.ana), { name: "Ana Lee", href: `/admin/users/${ids.ana}` }],
  [refKey("user", ids.bo), { name: "Bo Chen", href: `/admin/users/${ids.bo}` }],
  [refKey("department", ids.sales), { name: "Sales", href: "/admin/departments" }],
  [refKey("department", ids.support), { name: "Support", href: "/admin/departments" }],
  [refKey("journey", ids.journey), { name: "Onboarding", href: `/journeys/${ids.journey}` }],
  [refKey("stage", ids.stage), { name: "Delivery", href: `/journeys/${ids.journey}/stages/${ids.stage}` }],
  [refKey("goal", ids.goal), { name: "Raise NPS", href: `/goals/${ids.goal}` }],
  [refKey("objective", ids.objective), { name: "Keep customers", href: "/goals/objectives" }],
  [refKey("dispute", ids.dispute), { name: "Who owns delivery", href: `/disputes/${ids.dispute}` }],
  [refKey("decision", ids.decision), { name: "Who owns delivery", href: `/disputes/${ids.dispute}` }],
  [refKey("handoff", ids.handoff), { name: "Delivery", href: `/journeys/${ids.journey}/stages/${ids.stage}` }],
  [refKey("check_in", ids.checkIn), { name: "Raise NPS", href: `/goals/${ids.goal}` }],
  [refKey("follow_up", ids.followUp), { name: "follow-up on Delivery", href: `/follow-ups/${ids.followUp}` }],
]);

const user = { email: "bo@example.test", name: "Bo Chen", role: "head", departmentId: ids.sales, active: true };
const department = { name: "Sales", headUserId: ids.ana, archived: false };
const journey = { name: "Onboarding", description: "", segment: "Retail", status: "active" };
const owned = (departmentId: string, personId: string | null) => [{ departmentId, raci: "accountable", personId }, { departmentId: ids.support, raci: "informed", personId: null }];
const stage = { journeyId: ids.journey, name: "Delivery", customerGoal: "Get it", emotionScore: 1, position: 2, archived: false, ownership: owned(ids.sales, ids.ana) };
const handoff = { stageId: ids.stage, fromDepartmentId: ids.sales, toDepartmentId: ids.support, status: "pending", goalDisposition: "move", note: "They deliver it", forced: false, responseReason: null };
const objective = { title: "Keep customers", description: "", periodStart: "2026-01-01", periodEnd: "2026-12-31", archived: false };
const goal = {
  stageId: ids.stage, departmentId: ids.sales, title: "Raise NPS", description: "d", metricName: "NPS", metricUnit: "points", baseline: "10", target: "20",
  direction: "increase", startDate: "2026-01-01", dueDate: "2026-06-30", ownerId: ids.ana, objectiveId: ids.objective, budget: "0", people: 1, resourcesNote: "",
  status: "active", statusReason: null,
};
const checkIn = { goalId: ids.goal, value: "12.5", confidence: "high", note: "", measuredOn: "2026-02-01" };
const decision = { disputeId: ids.dispute, outcome: "Support keeps it", rationale: "One team", optionsConsidered: "", effect: null, supersedesId: null };

const followUp = { stageId: ids.stage, departmentId: ids.sales, status: "open", goalId: null, disputeId: null, dueAt: "2026-03-01T12:00:00.000Z" };

type Example = { entityType: AuditEntityType; entityId: string | null; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
const session = (after: Record<string, unknown>, entityId: string | null = ids.bo): Example => ({ entityType: "session", entityId, after });
const both = (entityType: AuditEntityType, entityId: string, before: Record<string, unknown>, after = before): Example => ({ entityType, entityId, before, after });

// One event of every type, with payloads its schema accepts.
const EXAMPLES: Record<AuditAction, Example> = {
  "auth.signed_in": session({ email: user.email, outcome: "success" }),
  "auth.sign_in_failed": session({ email: "who@example.test", outcome: "invalid_credentials", failuresInWindow: 1 }, null),
  "auth.locked_out": session({ email: user.email, outcome: "locked", failuresInWindow: 5 }),
  "auth.sign_in_blocked": session({ email: user.email, outcome: "locked", failuresInWindow: 6 }),
  "auth.signed_out": session({ email: user.email, outcome: "success", sessionId: "a".repeat(64), revokeReason: "signed_out" }),
  "auth.address_locked_out": session({ email: user.email, outcome: "address_locked", failuresInWindow: 30, clientAddress: "203.0.113.7" }, null),
  "auth.sessions_revoked": session({ email: user.email, outcome: "revoked", revokeReason: "deactivated", sessionsEnded: 2 }),
  "user.created": { entityType: "user", entityId: ids.bo, after: user },
  "user.updated": both("user", ids.bo, user, { ...user, role: "member", departmentId: ids.support }),
  "user.deactivated": both("user", ids.bo, user, { ...user, active: false }),
  "user.reactivated": both("user", ids.bo, { ...user, active: false }, user),
  "user.invite_issued": { entityType: "user", entityId: ids.bo },
  "user.password_set": { entityType: "user", entityId: ids.bo },
  "user.provisioned": { entityType: "user", entityId: ids.bo, after: user },
  "department.created": { entityType: "department", entityId: ids.sales, after: department },
  "department.updated": both("department", ids.sales, department, { ...department, headUserId: ids.bo }),
  "department.archived": both("department", ids.sales, department, { ...department, archived: true }),
  "department.restored": both("department", ids.sales, { ...department, archived: true }, department),
  "settings.updated": { entityType: "settings", entityId: "1", before: { disputeSlaDays: 10, staleCheckInDays: 14 }, after: { disputeSlaDays: 7, staleCheckInDays: 14, timeZone: "Europe/London" } },
  "journey.created": { entityType: "journey", entityId: ids.journey, after: journey },
  "journey.updated": both("journey", ids.journey, journey, { ...journey, segment: "Business" }),
  "journey.archived": both("journey", ids.journey, journey, { ...journey, status: "archived" }),
  "stage.created": { entityType: "stage", entityId: ids.stage, after: { ...stage, ownership: [] } },
  "stage.updated": both("stage", ids.stage, stage, { ...stage, emotionScore: -2 }),
  "stage.reordered": both("stage", ids.stage, { position: 1 }, { position: 2 }),
  "stage.archived": both("stage", ids.stage, stage, { ...stage, archived: true }),
  "ownership.assigned": both("stage", ids.stage, { ...stage, ownership: [] }, stage),
  "ownership.claimed": both("stage", ids.stage, { ...stage, ownership: [] }, stage),
  "ownership.handed_off": both("stage", ids.stage, stage, { ...stage, ownership: owned(ids.support, ids.bo) }),
  "handoff.proposed": { entityType: "handoff", entityId: ids.handoff, after: handoff },
  "handoff.accepted": both("handoff", ids.handoff, handoff, { ...handoff, status: "accepted" }),
  "handoff.declined": both("handoff", ids.handoff, handoff, { ...handoff, status: "declined", responseReason: "No people" }),
  "handoff.cancelled": both("handoff", ids.handoff, handoff, { ...handoff, status: "cancelled" }),
  "handoff.expired": both("handoff", ids.handoff, { status: "pending" }, { status: "expired" }),
  "stage.orphaned": { entityType: "stage", entityId: ids.stage },
  "objective.created": { entityType: "objective", entityId: ids.objective, after: objective },
  "objective.updated": both("objective", ids.objective, objective, { ...objective, title: "Keep more customers" }),
  "objective.archived": both("objective", ids.objective, objective, { ...objective, archived: true }),
  "goal.created": { entityType: "goal", entityId: ids.goal, after: goal },
  "goal.updated": both("goal", ids.goal, goal, { ...goal, target: "25", ownerId: ids.bo }),
  "goal.status_changed": both("goal", ids.goal, { status: "active" }, { status: "missed", statusReason: "The supplier slipped" }),
  "goal.moved": both("goal", ids.goal, goal, { ...goal, departmentId: ids.support }),
  "goal.retired": both("goal", ids.goal, goal, { ...goal, status: "cancelled", statusReason: "Retired when the stage was handed off." }),
  "check_in.recorded": { entityType: "check_in", entityId: ids.checkIn, after: checkIn },
  "check_in.corrected": both("check_in", ids.checkIn, checkIn, { ...checkIn, value: "13" }),
  "dispute.raised": { entityType: "dispute", entityId: ids.dispute, after: { kind: "ownership", stageId: ids.stage, title: "Who owns delivery", description: "d", status: "open", parties: [ids.sales, ids.support] } },
  "dispute.statement_saved": both("dispute", ids.dispute, { departmentId: ids.sales, statement: "", proposal: "" }, { departmentId: ids.sales, statement: "We should", proposal: "Move it" }),
  "dispute.commented": { entityType: "dispute", entityId: ids.dispute, after: { comment: "Numbers attached" } },
  "dispute.taken_under_review": both("dispute", ids.dispute, { status: "open" }, { status: "under_review" }),
  "dispute.party_replaced": both("dispute", ids.dispute, { departmentId: ids.sales, raisedByDepartmentId: ids.sales }, { departmentId: ids.support, raisedByDepartmentId: ids.support }),
  "user.notification_preferences_updated": both("user", ids.bo, { goal_stale: "in_app", dispute_raised: "in_app" }, { goal_stale: "email", dispute_raised: "digest" }),
  "webhook.created": { entityType: "webhook", entityId: ids.gone, after: { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: true } },
  "webhook.updated": both("webhook", ids.gone, { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: true }, { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: false }),
  "webhook.disabled": both("webhook", ids.gone, { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: true }, { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: false }),
  "webhook.delivery_replayed": { entityType: "webhook", entityId: ids.gone, after: { deliveryId: ids.gone, eventType: "dispute.raised" } },
  "webhook.secret_rotated": { entityType: "webhook", entityId: ids.gone, after: { name: "Ops", previousSecretValidUntil: "2026-03-02T10:00:00.000Z" } },
  "webhook.deleted": { entityType: "webhook", entityId: ids.gone, before: { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: true }, after: { deliveriesRemoved: 3 } },
  "user.sign_in_link_requested": { entityType: "user", entityId: ids.bo, after: { outcome: "queued" } },
  "dispute.withdrawn": both("dispute", ids.dispute, { status: "open" }, { status: "withdrawn", reason: "Settled between the heads" }),
  "decision.recorded": { entityType: "decision", entityId: ids.decision, after: decision },
  "follow_up.acknowledged": both("follow_up", ids.followUp, followUp, { ...followUp, status: "acknowledged" }),
  "follow_up.action_taken": both("follow_up", ids.followUp, { ...followUp, status: "acknowledged" }, { ...followUp, status: "action_taken" }),
  "follow_up.closed": both("follow_up", ids.followUp, { ...followUp, status: "action_taken" }, { ...followUp, status: "closed" }),
  "follow_up.reopened": both("follow_up", ids.followUp, { ...followUp, status: "closed" }, { ...followUp, dueAt: "2026-03-09T12:00:00.000Z" }),
  "follow_up.goal_linked": both("follow_up", ids.followUp, followUp, { ...followUp, goalId: ids.goal }),
  "follow_up.dispute_raised": both("follow_up", ids.followUp, followUp, { ...followUp, disputeId: ids.dispute }),
  "follow_up.noted": both("follow_up", ids.followUp, followUp),
  "api_token.created": { entityType: "api_token", entityId: "00000000-0000-4000-8000-000000000001", after: { kind: "service", name: "Warehouse", userId: null, readOnly: false, scopes: ["app.view"], prefix: "tl_abcd1234", expiresAt: null, revoked: false } },
  "api_token.revoked": both("api_token", "00000000-0000-4000-8000-000000000001", { kind: "personal", name: "CI", userId: "u-1", readOnly: true, scopes: [], prefix: "tl_abcd1234", expiresAt: null, revoked: false }, { kind: "personal", name: "CI", userId: "u-1", readOnly: true, scopes: [], prefix: "tl_abcd1234", expiresAt: null, revoked: true }),
  "signal.recorded": { entityType: "signal", entityId: "00000000-0000-4000-8000-0000000000b8", after: { stageId: ids.stage, source: "survey", receivedAt: "2026-03-01T10:00:00.000Z", scale: "csat", score: "2", hasComment: true, channel: "email", tags: ["late"], followUpId: "00000000-0000-4000-8000-0000000000b9" } },
  "signal.batch_recorded": { entityType: "signal", entityId: null, after: { count: 3, stageIds: [ids.stage], csat: 1, nps: 1, ces: 0, unscored: 1, withComment: 2, followUpsOpened: 1, idempotencyKey: "k-1" } },
  "signal.imported": { entityType: "signal", entityId: "00000000-0000-4000-8000-0000000000ba", after: { fileName: "survey.csv", rowsImported: 12, rowsSkipped: 1, stages: 3, followUpsOpened: 2 } },
  "signal.flagged": { entityType: "signal", entityId: "00000000-0000-4000-8000-0000000000b8", after: { stageId: ids.stage, followUpId: "00000000-0000-4000-8000-0000000000b9", note: "Angry customer" } },
  "signal.comment_redacted": { entityType: "signal", entityId: "00000000-0000-4000-8000-0000000000b8", before: { stageId: ids.stage, hasComment: true }, after: { stageId: ids.stage, hasComment: false, reason: "Names a person" } },
  "signal.comments_expired": { entityType: "signal", entityId: null, after: { count: 12, retentionMonths: 24, receivedBefore: "2024-03-01T00:00:00.000Z" } },
};

const event = (action: AuditAction, actorName: string | null = "Ana Lee") => {
  const e = EXAMPLES[action];
  return { action, entityType: e.entityType, entityId: e.entityId, actorName, before: e.before ?? null, after: e.after ?? null };
};

/** Every text the table or the CSV shows for an event. */
const shown = (p: ReturnType<typeof presentAuditEvent>) => [p.label, p.sentence, p.entity.type, p.entity.name, changesText(p.changes)].join("\n");

describe("audit event presentation", () => {
  it("covers every action with a label and an example the payload schemas accept", () => {
    expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(Object.keys(EXAMPLES).sort()).toEqual([...AUDIT_ACTIONS].sort());
    for (const action of AUDIT_ACTIONS) {
      const e = EXAMPLES[action];
      expect(AUDIT_PAYLOADS[action].entity, action).toBe(e.entityType);
      expect(() => parseAuditPayloads({ action, ...e }), action).not.toThrow();
    }
  });

  it.each(AUDIT_ACTIONS)("%s: a label, one sentence, the entity by name, never an id or JSON", (action) => {
    const p = presentAuditEvent(event(action), names);
    expect(p.label).toBe(AUDIT_ACTION_LABELS[action]);
    expect(p.label.length).toBeGreaterThan(3);
    expect(p.sentence.length).toBeGreaterThan(10);
    expect(p.sentence).not.toContain("\n");
    const text = shown(p);
    expect(text).not.toMatch(/undefined|\[object|[{}"]|NaN/);
    for (const id of Object.values(ids)) expect(text, `${action} shows the id ${id}`).not.toContain(id);
    expect(text).not.toMatch(/unknown/);
  });

  it("reads a handoff as a sentence, with departments and people by name", () => {
    const p = presentAuditEvent(event("ownership.handed_off", "Alice"), names);
    expect(p.sentence).toBe("Alice handed Delivery from Sales (Ana Lee) to Support (Bo Chen)");
    expect(p.entity).toEqual({ type: "Stage", name: "Delivery", href: `/journeys/${ids.journey}/stages/${ids.stage}` });
    expect(p.changes).toEqual([{ field: "Ownership", before: "Accountable: Sales (Ana Lee); Informed: Support", after: "Accountable: Support (Bo Chen); Informed: Support" }]);
  });

  it("shows only the fields that changed, before → after, with ids as names", () => {
    expect(presentAuditEvent(event("user.updated"), names).changes).toEqual([
      { field: "Role", before: "Department head", after: "Member" },
      { field: "Department", before: "Sales", after: "Support" },
    ]);
    expect(presentAuditEvent(event("user.updated"), names).sentence).toBe("Ana Lee changed the role and department of Bo Chen");
    expect(presentAuditEvent(event("goal.updated"), names).changes).toEqual([
      { field: "Target", before: "20", after: "25" },
      { field: "Owner", before: "Ana Lee", after: "Bo Chen" },
    ]);
    expect(presentAuditEvent(event("department.updated"), names).changes).toEqual([{ field: "Head", before: "Ana Lee", after: "Bo Chen" }]);
    expect(changesText(presentAuditEvent(event("settings.updated"), names).changes)).toBe("Dispute service level (days): 10 → 7; Time zone: — → Europe/London");
  });

  it("lists a creation's values, without a before", () => {
    const changes = presentAuditEvent(event("dispute.raised"), names).changes;
    expect(changes).toContainEqual({ field: "Parties", before: null, after: "Sales, Support" });
    expect(changes).toContainEqual({ field: "Stage", before: null, after: "Delivery" });
    expect(changes.every((c) => c.before === null)).toBe(true);
  });

  it("degrades gracefully when ids do not resolve", () => {
    const none: AuditNames = new Map();
    const p = presentAuditEvent({ ...event("ownership.handed_off"), actorName: null, after: { ...stage, ownership: owned(ids.gone, null) } }, none);
    expect(p.sentence).toBe(`The system handed unknown stage (00000000) from unknown department (00000000) (unknown user (00000000)) to unknown department (99999999)`);
    expect(p.entity.href).toBeNull();
    const odd = presentAuditEvent({ action: "goal.updated", entityType: "goal", entityId: "not-a-uuid", actorName: "Ana", before: { target: { nested: [1, 2] } }, after: "garbage" }, none);
    expect(shown(odd)).not.toMatch(/[{}"]|undefined/);
    expect(odd.entity.name).toBe("unknown goal (not-a-uu)");
    expect(auditChanges(null, null, none)).toEqual([]);
  });

  it("names an anonymous sign-in by its email", () => {
    const p = presentAuditEvent(event("auth.sign_in_failed", null), names);
    expect(p.sentence).toBe("A sign-in as who@example.test was refused");
    expect(p.entity.name).toBe("who@example.test");
  });

  it("collects every id an event refers to, by kind, for one batched lookup", () => {
    const refs = auditRefs(AUDIT_ACTIONS.map((a) => event(a)));
    const expected: Partial<Record<RefKind, string[]>> = {
      user: [ids.ana, ids.bo], department: [ids.sales, ids.support], journey: [ids.journey], stage: [ids.stage], goal: [ids.goal],
      objective: [ids.objective], dispute: [ids.dispute], decision: [ids.decision], handoff: [ids.handoff], check_in: [ids.checkIn], follow_up: [ids.followUp],
    };
    for (const [kind, list] of Object.entries(expected)) expect([...(refs.get(kind as RefKind) ?? [])].sort(), kind).toEqual([...list].sort());
    // Ids that cannot be uuids never reach the query.
    expect(auditRefs([{ entityType: "user", entityId: "7", before: null, after: null }]).size).toBe(0);
  });

  it("links an admin page only for roles that may open it", () => {
    const userPage = presentAuditEvent(event("user.updated"), names).entity.href;
    expect(userPage).toBe(`/admin/users/${ids.bo}`);
    expect(linkFor("admin", userPage)).toBe(userPage);
    expect(linkFor("executive", userPage)).toBeNull();
    expect(linkFor("executive", "/admin/settings")).toBeNull();
    expect(linkFor("executive", `/journeys/${ids.journey}`)).toBe(`/journeys/${ids.journey}`);
    expect(linkFor("cco", null)).toBeNull();
  });
});

describe("an API token's audit event", () => {
  it("names the token's person and writes its expiry as a date and time, never an id or an ISO string", () => {
    const userId = "a452243a-0cfc-4d5d-8a9f-e7fdbc9bae40";
    const names: AuditNames = new Map([[refKey("user", userId), { name: "Sam Singh", href: null }]]);
    expect(formatValue("userId", userId, names)).toBe("Sam Singh");
    expect(formatValue("expiresAt", "2027-03-06T05:31:01.067Z", names)).toBe("6 Mar 2027, 05:31 UTC");
  });
});
