import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, type AuditAction, type AuditEntityType } from "@/lib/audit/catalog";
import { AUDIT_PAYLOADS, AuditPayloadError, parseAuditPayloads } from "@/lib/audit/payloads";

const id = "00000000-0000-4000-8000-000000000001";
const user = { email: "ana@example.test", name: "Ana", role: "head", departmentId: id, active: true };
const department = { name: "Billing", headUserId: id, archived: false };
const settings = { disputeSlaDays: 10, staleCheckInDays: 14 };
const journey = { name: "Onboarding", description: "", segment: "Retail", status: "active" };
const stage = { journeyId: id, name: "Sign-up", customerGoal: "", emotionScore: -1, position: 1, archived: false, ownership: [{ departmentId: id, raci: "accountable", personId: id }] };
const handoff = { stageId: id, fromDepartmentId: id, toDepartmentId: id, status: "pending", goalDisposition: "move", note: "They deliver it", forced: false, responseReason: null };
const objective = { title: "Keep customers", description: "", periodStart: "2026-01-01", periodEnd: "2026-12-31", archived: false };
const goal = {
  stageId: id, departmentId: id, title: "Raise NPS", description: "d", metricName: "NPS", metricUnit: "points", baseline: "10", target: "20",
  direction: "increase", startDate: "2026-01-01", dueDate: "2026-06-30", ownerId: id, objectiveId: id, budget: "0", people: 1, resourcesNote: "",
  status: "active", statusReason: null,
};
const checkIn = { goalId: id, value: "12.5", confidence: "high", note: "", measuredOn: "2026-02-01" };
const decision = { disputeId: id, outcome: "Billing keeps it", rationale: "One team end to end", optionsConsidered: "", effect: null, supersedesId: null };

const followUp = { stageId: id, departmentId: null, status: "open", goalId: null, disputeId: null, dueAt: "2026-03-01T12:00:00.000Z" };

type Example = { entityType: AuditEntityType; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
const session = (after: Record<string, unknown>): Example => ({ entityType: "session", after });
const both = (entityType: AuditEntityType, before: Record<string, unknown>, after = before): Example => ({ entityType, before, after });

// One valid event of every type, as the commands record it.
const EXAMPLES: Record<AuditAction, Example> = {
  "auth.signed_in": session({ email: user.email, outcome: "success" }),
  "auth.sign_in_failed": session({ email: user.email, outcome: "invalid_credentials", failuresInWindow: 1 }),
  "auth.locked_out": session({ email: user.email, outcome: "locked", failuresInWindow: 5 }),
  "auth.sign_in_blocked": session({ email: user.email, outcome: "locked", failuresInWindow: 6 }),
  "auth.signed_out": session({ email: user.email, outcome: "success", sessionId: "a".repeat(64), revokeReason: "signed_out" }),
  "auth.address_locked_out": session({ email: user.email, outcome: "address_locked", failuresInWindow: 30, clientAddress: "203.0.113.7" }),
  "auth.sessions_revoked": session({ email: user.email, outcome: "revoked", revokeReason: "deactivated", sessionsEnded: 2 }),
  "user.created": { entityType: "user", after: user },
  "user.updated": both("user", user, { ...user, name: "Ana B." }),
  "user.deactivated": both("user", user, { ...user, active: false }),
  "user.reactivated": both("user", { ...user, active: false }, user),
  "user.invite_issued": { entityType: "user" },
  "user.password_set": { entityType: "user" },
  "user.provisioned": { entityType: "user", after: user },
  "department.created": { entityType: "department", after: department },
  "department.updated": both("department", department, { ...department, headUserId: null }),
  "department.archived": both("department", department, { ...department, archived: true }),
  "department.restored": both("department", { ...department, archived: true }, department),
  "settings.updated": { entityType: "settings", before: null, after: settings },
  "journey.created": { entityType: "journey", after: journey },
  "journey.updated": both("journey", journey),
  "journey.archived": both("journey", journey, { ...journey, status: "archived" }),
  "stage.created": { entityType: "stage", after: { ...stage, ownership: [] } },
  "stage.updated": both("stage", stage),
  "stage.reordered": both("stage", { position: 1 }, { position: 2 }),
  "stage.archived": both("stage", stage, { ...stage, archived: true }),
  "ownership.assigned": both("stage", { ...stage, ownership: [] }, stage),
  "ownership.claimed": both("stage", { ...stage, ownership: [] }, stage),
  "ownership.handed_off": both("stage", stage),
  "handoff.proposed": { entityType: "handoff", after: handoff },
  "handoff.accepted": both("handoff", handoff, { ...handoff, status: "accepted" }),
  "handoff.declined": both("handoff", handoff, { ...handoff, status: "declined", responseReason: "No people" }),
  "handoff.cancelled": both("handoff", handoff, { ...handoff, status: "cancelled" }),
  "handoff.expired": both("handoff", { status: "pending" }, { status: "expired" }),
  "stage.orphaned": { entityType: "stage" },
  "objective.created": { entityType: "objective", after: objective },
  "objective.updated": both("objective", objective),
  "objective.archived": both("objective", objective, { ...objective, archived: true }),
  "goal.created": { entityType: "goal", after: goal },
  "goal.updated": both("goal", goal),
  "goal.status_changed": both("goal", { status: "active" }, { status: "missed", statusReason: "The supplier slipped" }),
  "goal.moved": both("goal", goal),
  "goal.retired": both("goal", goal, { ...goal, status: "cancelled", statusReason: "Retired when the stage was handed off." }),
  "check_in.recorded": { entityType: "check_in", after: checkIn },
  "check_in.corrected": both("check_in", checkIn, { ...checkIn, value: "13" }),
  "dispute.raised": { entityType: "dispute", after: { kind: "ownership", stageId: id, title: "Who owns it", description: "d", status: "open", parties: [id, id] } },
  "dispute.statement_saved": both("dispute", { departmentId: id, statement: "", proposal: "" }, { departmentId: id, statement: "We should", proposal: "Move it" }),
  "dispute.commented": { entityType: "dispute", after: { comment: "Numbers attached" } },
  "dispute.taken_under_review": both("dispute", { status: "open" }, { status: "under_review" }),
  "dispute.withdrawn": both("dispute", { status: "open" }, { status: "withdrawn", reason: "Settled between the heads" }),
  "decision.recorded": { entityType: "decision", after: decision },
  "dispute.party_replaced": both("dispute", { departmentId: "d-1", raisedByDepartmentId: "d-1" }, { departmentId: "d-2", raisedByDepartmentId: "d-2" }),
  "api_token.created": { entityType: "api_token", after: { kind: "personal", name: "CI", userId: "u-1", readOnly: true, scopes: [], prefix: "tl_abcd1234", expiresAt: null, revoked: false } },
  "api_token.revoked": both("api_token", { kind: "personal", name: "CI", userId: "u-1", readOnly: true, scopes: [], prefix: "tl_abcd1234", expiresAt: null, revoked: false }, { kind: "personal", name: "CI", userId: "u-1", readOnly: true, scopes: [], prefix: "tl_abcd1234", expiresAt: null, revoked: true }),
  "user.notification_preferences_updated": both("user", { goal_stale: "in_app" }, { goal_stale: "email" }),
  "webhook.created": { entityType: "webhook", after: { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: true } },
  "webhook.updated": both("webhook", { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: true }, { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: false }),
  "webhook.disabled": both("webhook", { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: true }, { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: false }),
  "webhook.delivery_replayed": { entityType: "webhook", after: { deliveryId: id, eventType: "dispute.raised" } },
  "webhook.secret_rotated": { entityType: "webhook", after: { name: "Ops", previousSecretValidUntil: "2026-03-02T10:00:00.000Z" } },
  "webhook.deleted": { entityType: "webhook", before: { name: "Ops", url: "https://hooks.example.test/x", target: "standard", eventTypes: ["dispute.raised"], enabled: true }, after: { deliveriesRemoved: 3 } },
  "user.sign_in_link_requested": { entityType: "user", after: { outcome: "queued" } },
  "signal.recorded": { entityType: "signal", after: { stageId: id, source: "survey", receivedAt: "2026-03-01T10:00:00.000Z", scale: "csat", score: "2", hasComment: true, channel: "email", tags: ["late"], followUpId: id } },
  "signal.batch_recorded": { entityType: "signal", after: { count: 3, stageIds: [id], csat: 1, nps: 1, ces: 0, unscored: 1, withComment: 2, followUpsOpened: 1, idempotencyKey: "k-1" } },
  "signal.imported": { entityType: "signal", after: { fileName: "survey.csv", rowsImported: 12, rowsSkipped: 1, stages: 3, followUpsOpened: 2 } },
  "signal.flagged": { entityType: "signal", after: { stageId: id, followUpId: id, note: "Angry customer" } },
  "signal.comment_redacted": { entityType: "signal", before: { stageId: id, hasComment: true }, after: { stageId: id, hasComment: false, reason: "Names a person" } },
  "signal.comments_expired": { entityType: "signal", after: { count: 12, retentionMonths: 24, receivedBefore: "2024-03-01T00:00:00.000Z" } },
  "follow_up.acknowledged": both("follow_up", followUp, { ...followUp, status: "acknowledged" }),
  "follow_up.action_taken": both("follow_up", { ...followUp, status: "acknowledged" }, { ...followUp, status: "action_taken" }),
  "follow_up.closed": both("follow_up", { ...followUp, status: "action_taken" }, { ...followUp, status: "closed" }),
  "follow_up.reopened": both("follow_up", { ...followUp, status: "closed" }, followUp),
  "follow_up.goal_linked": both("follow_up", followUp, { ...followUp, goalId: id }),
  "follow_up.dispute_raised": both("follow_up", followUp, { ...followUp, disputeId: id }),
  "follow_up.noted": both("follow_up", followUp),
};

/** The same payload with its first key misspelled (one letter doubled). */
function misspell(payload: Record<string, unknown>): Record<string, unknown> {
  const [first, ...rest] = Object.entries(payload);
  return { [`${first![0]}${first![0].slice(-1)}`]: first![1], ...Object.fromEntries(rest) };
}

describe("audit payload schemas", () => {
  it("have a schema and an example for every event type", () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(Object.keys(AUDIT_PAYLOADS).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  describe.each(AUDIT_ACTIONS)("%s", (action) => {
    const example = EXAMPLES[action];
    const sides = (["before", "after"] as const).filter((side) => example[side]);

    it("accepts the payloads its command records", () => {
      expect(parseAuditPayloads({ action, ...example })).toEqual({ before: example.before ?? null, after: example.after ?? null });
    });

    it("refuses a misspelled or unexpected key, a missing payload and the wrong entity type", () => {
      for (const side of sides) {
        const payload = example[side]!;
        expect(() => parseAuditPayloads({ action, ...example, [side]: misspell(payload) }), `${side} misspelled`).toThrow(AuditPayloadError);
        expect(() => parseAuditPayloads({ action, ...example, [side]: { ...payload, extra: 1 } }), `${side} with an extra key`).toThrow(AuditPayloadError);
        // settings.updated may have no "before" (the row did not exist yet); every other payload is required.
        if (!(action === "settings.updated" && side === "before")) {
          expect(() => parseAuditPayloads({ action, ...example, [side]: undefined }), `${side} missing`).toThrow(AuditPayloadError);
        }
      }
      for (const side of (["before", "after"] as const).filter((s) => example[s] === undefined)) {
        expect(() => parseAuditPayloads({ action, ...example, [side]: { status: "active" } }), `unexpected ${side}`).toThrow(AuditPayloadError);
      }
      const otherEntity: AuditEntityType = example.entityType === "goal" ? "stage" : "goal";
      expect(() => parseAuditPayloads({ action, ...example, entityType: otherEntity })).toThrow(AuditPayloadError);
    });
  });

  it("names the event type, the side and the offending key", () => {
    expect(() => parseAuditPayloads({ action: "goal.status_changed", entityType: "goal", before: { status: "active" }, after: { status: "missed", statusReasn: "x" } })).toThrow(
      /goal\.status_changed: "after" does not match[\s\S]*statusReasn/,
    );
  });
});
