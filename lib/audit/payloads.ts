import { z } from "zod";
import { notificationKindEnum } from "@/db/schema/notifications";
import { sessionRevokeReasonEnum } from "@/db/schema/users";
import { setRaciEffectSchema } from "@/lib/disputes/effect";
import { ROLES } from "@/lib/permissions";
import type { AuditAction, AuditEntityType } from "./catalog";

// The exact shape of `before`/`after` for each event type. Objects are strict: a misspelled or
// unexpected key fails the write (and its transaction) instead of being dropped, so the log
// keeps every field it was meant to, readable years later. Secrets never appear here.
const str = z.string();
const nullableStr = z.string().nullable();
const int = z.number().int();

export const userSnapshot = z.strictObject({ email: str, name: str, role: z.enum(ROLES), departmentId: nullableStr, active: z.boolean() });
export const departmentSnapshot = z.strictObject({ name: str, headUserId: nullableStr, archived: z.boolean() });
// timeZone is absent from events recorded before the organisation had a time zone setting.
// The signal settings (migration 0020) are absent from events recorded before they existed.
export const settingsSnapshot = z.strictObject({
  disputeSlaDays: int,
  staleCheckInDays: int,
  timeZone: str.optional(),
  negativeCsatMax: str.optional(),
  negativeNpsMax: str.optional(),
  negativeCesMax: str.optional(),
  followUpSlaDays: int.optional(),
  signalRetentionMonths: int.nullable().optional(),
  measuredMinSample: int.optional(),
});
export const sessionSnapshot = z.strictObject({
  email: str,
  outcome: z.enum(["success", "invalid_credentials", "locked", "address_locked", "revoked", "deactivated", "email_unverified", "no_department"]),
  // How the person proved who they are; absent: a password (events before single sign-on).
  method: z.enum(["password", "sso"]).optional(),
  // Single sign-on: the identity provider's issuer and the person's subject there.
  issuer: str.optional(),
  subject: str.optional(),
  // Single sign-on matched an existing user by verified email and linked this subject to them.
  linked: z.boolean().optional(),
  failuresInWindow: int.optional(),
  // Only when a trusted proxy names it (TRUST_PROXY).
  clientAddress: str.optional(),
  // The stored SHA-256 of a session token: names the session, cannot be used as a cookie.
  sessionId: str.optional(),
  revokeReason: z.enum(sessionRevokeReasonEnum.enumValues).optional(),
  sessionsEnded: int.optional(),
});
export const journeySnapshot = z.strictObject({ name: str, description: str, segment: str, status: z.enum(["draft", "active", "archived"]) });

const raciEntry = z.strictObject({ departmentId: str, raci: z.enum(["accountable", "responsible", "consulted", "informed"]), personId: nullableStr });

export const stageSnapshot = z.strictObject({
  journeyId: str,
  name: str,
  customerGoal: str,
  emotionScore: int.nullable(),
  position: int,
  archived: z.boolean(),
  // Ownership events carry the stage's current RACI set before and after.
  ownership: z.array(raciEntry),
  // The canvas's details (migration 0024), carried by the events that change them.
  phase: str.optional(),
  touchpoints: z.array(str).optional(),
  channels: z.array(str).optional(),
});

const handoffStatus = z.enum(["pending", "accepted", "declined", "cancelled", "expired"]);
export const handoffSnapshot = z.strictObject({
  stageId: str,
  fromDepartmentId: str,
  toDepartmentId: str,
  status: handoffStatus,
  goalDisposition: z.enum(["move", "retire"]),
  note: str,
  forced: z.boolean(),
  responseReason: nullableStr,
});

export const objectiveSnapshot = z.strictObject({ title: str, description: str, periodStart: str, periodEnd: str, archived: z.boolean() });

const goalStatus = z.enum(["draft", "active", "achieved", "missed", "cancelled"]);
export const goalSnapshot = z.strictObject({
  stageId: str,
  departmentId: str,
  title: str,
  description: str,
  metricName: str,
  metricUnit: str,
  baseline: str,
  target: str,
  direction: z.enum(["increase", "decrease"]),
  startDate: str,
  dueDate: str,
  ownerId: str,
  objectiveId: str,
  budget: str,
  people: int,
  resourcesNote: str,
  // Absent on events written before goals could be bound to customer signals.
  signalMetric: z.enum(["csat_average", "nps", "ces_average", "negative_share"]).nullable().optional(),
  status: goalStatus,
  statusReason: nullableStr,
});

export const checkInSnapshot = z.strictObject({ goalId: str, value: str, confidence: z.enum(["high", "medium", "low"]), note: str, measuredOn: str, automatic: z.boolean().optional() });

const disputeStatus = z.enum(["open", "under_review", "decided", "withdrawn"]);
export const disputeRaised = z.strictObject({
  kind: z.enum(["ownership", "handoff", "standards", "resources", "other"]),
  stageId: nullableStr,
  title: str,
  description: str,
  status: disputeStatus,
  parties: z.array(str),
});
const disputeStatement = z.strictObject({ departmentId: str, statement: str, proposal: str });

export const decisionSnapshot = z.strictObject({
  disputeId: str,
  outcome: str,
  rationale: str,
  optionsConsidered: str,
  effect: setRaciEffectSchema.nullable(),
  supersedesId: nullableStr,
});

// A REST API token as its creation or revocation records it: never its secret or hash, only the
// first characters shown to people (prefix).
export const apiTokenSnapshot = z.strictObject({
  kind: z.enum(["personal", "service"]),
  name: str,
  userId: nullableStr,
  readOnly: z.boolean(),
  scopes: z.array(str),
  prefix: str,
  expiresAt: nullableStr,
  revoked: z.boolean(),
});
// A person's channel for each kind of notification ("in_app" where they chose nothing).
// Only the kinds that changed are recorded.
const channelChoice = z.enum(["in_app", "email", "digest"]).optional();
export const notificationPreferencesSnapshot = z.strictObject(Object.fromEntries(notificationKindEnum.enumValues.map((k) => [k, channelChoice])) as Record<(typeof notificationKindEnum.enumValues)[number], typeof channelChoice>);

// A webhook endpoint as the log shows it: never its secret.
export const webhookSnapshot = z.strictObject({ name: str, url: str, target: z.enum(["standard", "chat"]), eventTypes: z.array(str), enabled: z.boolean() });

// A customer signal as its events record it. Never its comment or customer reference (personal
// data that a redaction or the retention job must be able to remove for good): only whether there
// was a comment.
const signalScale = z.enum(["csat", "nps", "ces"]);
export const signalSnapshot = z.strictObject({
  stageId: str,
  source: z.enum(["survey", "support", "review", "interview", "other"]),
  receivedAt: str,
  scale: signalScale.nullable(),
  score: nullableStr,
  hasComment: z.boolean(),
  channel: str,
  tags: z.array(str),
  followUpId: nullableStr,
});
export const signalBatchSnapshot = z.strictObject({
  count: int,
  stageIds: z.array(str),
  // How many were on each scale, and without a score.
  csat: int,
  nps: int,
  ces: int,
  unscored: int,
  withComment: int,
  followUpsOpened: int,
  idempotencyKey: nullableStr,
});
// A follow-up as its steps record it; the step's note is the event's reason.
export const followUpSnapshot = z.strictObject({
  stageId: str,
  departmentId: nullableStr,
  status: z.enum(["open", "acknowledged", "action_taken", "closed"]),
  goalId: nullableStr,
  disputeId: nullableStr,
  dueAt: str,
});

/** What one event type records: its entity type, and the schema of each payload it carries (none when absent). */
export type AuditPayloadSpec = { entity: AuditEntityType; before?: z.ZodType; after?: z.ZodType };

const created = (entity: AuditEntityType, after: z.ZodType): AuditPayloadSpec => ({ entity, after });
const changed = (entity: AuditEntityType, snapshot: z.ZodType): AuditPayloadSpec => ({ entity, before: snapshot, after: snapshot });
const bare = (entity: AuditEntityType): AuditPayloadSpec => ({ entity });
const status = <T extends z.ZodType>(s: T) => z.strictObject({ status: s });

export const AUDIT_PAYLOADS = {
  "auth.signed_in": created("session", sessionSnapshot),
  "auth.sign_in_failed": created("session", sessionSnapshot),
  "auth.locked_out": created("session", sessionSnapshot),
  "auth.sign_in_blocked": created("session", sessionSnapshot),
  "auth.signed_out": created("session", sessionSnapshot),
  "auth.address_locked_out": created("session", sessionSnapshot),
  "auth.sessions_revoked": created("session", sessionSnapshot),
  "user.created": created("user", userSnapshot),
  "user.updated": changed("user", userSnapshot),
  "user.deactivated": changed("user", userSnapshot),
  "user.reactivated": changed("user", userSnapshot),
  // Absent on events before invites could be emailed (SMTP_URL); "email": the link went only to the invitee.
  "user.invite_issued": { entity: "user", after: z.strictObject({ delivery: z.enum(["shown", "email"]) }).nullable() },
  "user.password_set": bare("user"),
  "user.provisioned": created("user", userSnapshot),
  "department.created": created("department", departmentSnapshot),
  "department.updated": changed("department", departmentSnapshot),
  "department.archived": changed("department", departmentSnapshot),
  "department.restored": changed("department", departmentSnapshot),
  // The settings row may not exist yet before the first change.
  "settings.updated": { entity: "settings", before: settingsSnapshot.nullable(), after: settingsSnapshot },
  "journey.created": created("journey", journeySnapshot),
  "journey.updated": changed("journey", journeySnapshot),
  "journey.archived": changed("journey", journeySnapshot),
  "stage.created": created("stage", stageSnapshot),
  "stage.updated": changed("stage", stageSnapshot),
  "stage.reordered": changed("stage", z.strictObject({ position: int })),
  "stage.archived": changed("stage", stageSnapshot),
  "ownership.assigned": changed("stage", stageSnapshot),
  "ownership.claimed": changed("stage", stageSnapshot),
  "ownership.handed_off": changed("stage", stageSnapshot),
  "handoff.proposed": created("handoff", handoffSnapshot),
  "handoff.accepted": changed("handoff", handoffSnapshot),
  "handoff.declined": changed("handoff", handoffSnapshot),
  "handoff.cancelled": changed("handoff", handoffSnapshot),
  "handoff.expired": { entity: "handoff", before: status(z.literal("pending")), after: status(z.literal("expired")) },
  "stage.orphaned": bare("stage"),
  "objective.created": created("objective", objectiveSnapshot),
  "objective.updated": changed("objective", objectiveSnapshot),
  "objective.archived": changed("objective", objectiveSnapshot),
  "goal.created": created("goal", goalSnapshot),
  "goal.updated": changed("goal", goalSnapshot),
  "goal.status_changed": { entity: "goal", before: status(goalStatus), after: z.strictObject({ status: goalStatus, statusReason: nullableStr }) },
  "goal.moved": changed("goal", goalSnapshot),
  "goal.retired": changed("goal", goalSnapshot),
  "check_in.recorded": created("check_in", checkInSnapshot),
  "check_in.corrected": changed("check_in", checkInSnapshot),
  "dispute.raised": created("dispute", disputeRaised),
  "dispute.statement_saved": changed("dispute", disputeStatement),
  "dispute.commented": created("dispute", z.strictObject({ comment: str })),
  "dispute.taken_under_review": { entity: "dispute", before: status(disputeStatus), after: status(z.literal("under_review")) },
  "dispute.withdrawn": { entity: "dispute", before: status(disputeStatus), after: z.strictObject({ status: z.literal("withdrawn"), reason: str }) },
  "decision.recorded": created("decision", decisionSnapshot),
  // Which department the party was, and which one took its place (and raised it, when the archived one had).
  "dispute.party_replaced": changed("dispute", z.strictObject({ departmentId: str, raisedByDepartmentId: nullableStr })),
  "api_token.created": created("api_token", apiTokenSnapshot),
  "api_token.revoked": changed("api_token", apiTokenSnapshot),
  "user.notification_preferences_updated": changed("user", notificationPreferencesSnapshot),
  "webhook.created": created("webhook", webhookSnapshot),
  "webhook.updated": changed("webhook", webhookSnapshot),
  "webhook.disabled": changed("webhook", webhookSnapshot),
  "webhook.delivery_replayed": created("webhook", z.strictObject({ deliveryId: str, eventType: str })),
  // When the previous secret stops signing; never the secrets themselves.
  "webhook.secret_rotated": created("webhook", z.strictObject({ name: str, previousSecretValidUntil: str })),
  "webhook.deleted": { entity: "webhook", before: webhookSnapshot, after: z.strictObject({ deliveriesRemoved: int }) },
  // queued: a link is being emailed; refused: the account is deactivated, nothing was sent.
  "user.sign_in_link_requested": created("user", z.strictObject({ outcome: z.enum(["queued", "refused_deactivated"]) })),
  "signal.recorded": created("signal", signalSnapshot),
  "signal.batch_recorded": created("signal", signalBatchSnapshot),
  // The file's name and the counts; never a row's comment or customer reference.
  "signal.imported": created("signal", z.strictObject({ fileName: str, rowsImported: int, rowsSkipped: int, stages: int, followUpsOpened: int })),
  "signal.flagged": created("signal", z.strictObject({ stageId: str, followUpId: str, note: str })),
  // The reason is kept; the removed text never enters the log.
  "signal.comment_redacted": { entity: "signal", before: z.strictObject({ stageId: str, hasComment: z.literal(true) }), after: z.strictObject({ stageId: str, hasComment: z.literal(false), reason: str }) },
  "signal.comments_expired": created("signal", z.strictObject({ count: int, retentionMonths: int, receivedBefore: str })),
  "follow_up.acknowledged": changed("follow_up", followUpSnapshot),
  "follow_up.action_taken": changed("follow_up", followUpSnapshot),
  "follow_up.closed": changed("follow_up", followUpSnapshot),
  "follow_up.reopened": changed("follow_up", followUpSnapshot),
  "follow_up.goal_linked": changed("follow_up", followUpSnapshot),
  "follow_up.dispute_raised": changed("follow_up", followUpSnapshot),
  "follow_up.noted": changed("follow_up", followUpSnapshot),
} satisfies Record<AuditAction, AuditPayloadSpec>;

/** An audit event whose payload does not match its event type: a bug in the caller, never user input. */
export class AuditPayloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AuditPayloadError";
  }
}

function parseSide(action: AuditAction, side: "before" | "after", schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) {
    if (value != null) throw new AuditPayloadError(`Audit event ${action} records no "${side}" payload.`);
    return null;
  }
  const parsed = schema.safeParse(value ?? null);
  if (!parsed.success) throw new AuditPayloadError(`Audit event ${action}: "${side}" does not match its schema.\n${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  return parsed.data;
}

/** Checks an event's entity type and payloads against its event type; returns the payloads to store. */
export function parseAuditPayloads(event: { action: AuditAction; entityType: AuditEntityType; before?: unknown; after?: unknown }): { before: unknown; after: unknown } {
  const spec: AuditPayloadSpec = AUDIT_PAYLOADS[event.action];
  if (!spec) throw new AuditPayloadError(`Unknown audit event type ${String(event.action)}.`);
  if (spec.entity !== event.entityType) throw new AuditPayloadError(`Audit event ${event.action} is about a ${spec.entity}, not a ${event.entityType}.`);
  return { before: parseSide(event.action, "before", spec.before, event.before), after: parseSide(event.action, "after", spec.after, event.after) };
}
