import type { AuditAction } from "@/lib/audit/catalog";

/** The event types an endpoint can subscribe to, with what each means to an admin choosing them. */
export const WEBHOOK_EVENT_TYPES = {
  "ownership.changed": "A stage's accountable owner changed: assigned by the CCO, claimed, handed off or set by a decision",
  "handoff.offered": "A department offered a stage to another",
  "handoff.answered": "A handoff was accepted (or forced) or declined",
  "dispute.raised": "A dispute was raised",
  "dispute.decided": "The CCO recorded a decision that closed a dispute",
  "dispute.overdue": "A dispute passed its service level",
  "goal.off_track": "A check-in put a goal well behind plan",
  "stage.orphaned": "A stage lost its owner (deactivated or archived) and needs one",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;
export const WEBHOOK_EVENT_NAMES = Object.keys(WEBHOOK_EVENT_TYPES) as [WebhookEventType, ...WebhookEventType[]];

/** The audit events that are webhook events: every domain change writes exactly one audit event, in its transaction. */
export const AUDIT_WEBHOOK_EVENTS: Partial<Record<AuditAction, WebhookEventType>> = {
  "ownership.assigned": "ownership.changed",
  "ownership.claimed": "ownership.changed",
  "ownership.handed_off": "ownership.changed",
  "handoff.proposed": "handoff.offered",
  "handoff.accepted": "handoff.answered",
  "handoff.declined": "handoff.answered",
  "dispute.raised": "dispute.raised",
  "decision.recorded": "dispute.decided",
  "stage.orphaned": "stage.orphaned",
};
