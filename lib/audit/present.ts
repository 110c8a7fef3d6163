import { can, ROLE_LABELS, type Capability, type Role } from "@/lib/permissions";
import { AUDIT_ENTITY_LABELS, type AuditAction, type AuditEntityType } from "./catalog";
import { AUDIT_ACTION_LABELS } from "./labels";
import { formatDateTime } from "@/lib/time-format";

// How an audit event reads to a person: a label, one sentence, the entity it is about (named,
// linked) and the fields that changed as "before → after", with people, departments, stages and
// the rest shown by name. Pure: the names come from `resolveAuditNames` (./names), one batched
// query per page or export batch. Anything the names do not cover (an id that no longer resolves,
// an old payload shape) degrades to a short "unknown …" text, never to raw JSON.

/** The kinds of row an id in the log can name. */
export type RefKind = "user" | "department" | "journey" | "stage" | "goal" | "objective" | "dispute" | "decision" | "handoff" | "check_in" | "follow_up";
export const REF_KINDS: readonly RefKind[] = ["user", "department", "journey", "stage", "goal", "objective", "dispute", "decision", "handoff", "check_in", "follow_up"];

export type ResolvedName = { name: string; href: string | null };
/** Resolved names keyed by `refKey(kind, id)`. */
export type AuditNames = ReadonlyMap<string, ResolvedName>;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const refKey = (kind: RefKind, id: string) => `${kind}:${id}`;

/** The row kind an event's entity id names (a sign-in's entity id is the user's). */
export const ENTITY_REF: Record<AuditEntityType, RefKind | null> = {
  user: "user",
  department: "department",
  settings: null,
  session: "user",
  journey: "journey",
  stage: "stage",
  handoff: "handoff",
  objective: "objective",
  goal: "goal",
  check_in: "check_in",
  dispute: "dispute",
  decision: "decision",
  // Tokens have no page of their own; the sentence names the token.
  api_token: null,
  webhook: null,
  // A signal has no page of its own: the event is shown under its stage (presentEntity).
  signal: null,
  follow_up: "follow_up",
};

/** Payload keys whose value is the id of a row, and the kind of that row. */
const FIELD_REFS: Record<string, RefKind> = {
  departmentId: "department",
  fromDepartmentId: "department",
  toDepartmentId: "department",
  raisedByDepartmentId: "department",
  headUserId: "user",
  ownerId: "user",
  personId: "user",
  userId: "user",
  journeyId: "journey",
  stageId: "stage",
  goalId: "goal",
  objectiveId: "objective",
  disputeId: "dispute",
  supersedesId: "decision",
};

const FIELD_LABELS: Record<string, string> = {
  email: "Email",
  name: "Name",
  role: "Role",
  departmentId: "Department",
  active: "Active",
  headUserId: "Head",
  archived: "Archived",
  disputeSlaDays: "Dispute service level (days)",
  staleCheckInDays: "Stale check-in period (days)",
  timeZone: "Time zone",
  outcome: "Outcome",
  failuresInWindow: "Failures in window",
  clientAddress: "Client address",
  sessionId: "Session",
  revokeReason: "Why it ended",
  sessionsEnded: "Sessions ended",
  method: "Signed in with",
  issuer: "Identity provider",
  subject: "Subject at the identity provider",
  linked: "Linked by verified email",
  description: "Description",
  segment: "Segment",
  status: "Status",
  journeyId: "Journey",
  customerGoal: "Customer goal",
  emotionScore: "Emotion score",
  position: "Position",
  phase: "Phase",
  touchpoints: "Touchpoints",
  channels: "Channels",
  ownership: "Ownership",
  stageId: "Stage",
  fromDepartmentId: "From",
  toDepartmentId: "To",
  raisedByDepartmentId: "Raised by",
  goalDisposition: "Open goals",
  note: "Note",
  forced: "Forced by the CCO",
  responseReason: "Response",
  title: "Title",
  periodStart: "Period start",
  periodEnd: "Period end",
  metricName: "Metric",
  metricUnit: "Unit",
  baseline: "Baseline",
  target: "Target",
  direction: "Direction",
  startDate: "Start date",
  dueDate: "Due date",
  ownerId: "Owner",
  objectiveId: "Objective",
  budget: "Budget",
  people: "People",
  resourcesNote: "Resources",
  statusReason: "Status reason",
  goalId: "Goal",
  value: "Value",
  confidence: "Confidence",
  measuredOn: "Measured on",
  kind: "Kind",
  parties: "Parties",
  statement: "Statement",
  proposal: "Proposal",
  comment: "Comment",
  reason: "Reason",
  disputeId: "Dispute",
  rationale: "Rationale",
  optionsConsidered: "Options considered",
  effect: "Effect",
  supersedesId: "Supersedes",
  userId: "Person",
  expiresAt: "Expires",
  negativeCsatMax: "Negative CSAT (at most)",
  negativeNpsMax: "Negative NPS (at most)",
  negativeCesMax: "Negative CES (at most)",
  followUpSlaDays: "Follow-up service level (days)",
  signalRetentionMonths: "Comment retention (months)",
  measuredMinSample: "Minimum sample",
  source: "Source",
  receivedAt: "Received",
  scale: "Scale",
  score: "Score",
  hasComment: "Comment given",
  automatic: "Computed from customer signals",
  signalMetric: "Measured from customer signals",
  channel: "Channel",
  tags: "Tags",
  followUpId: "Follow-up",
  followUpsOpened: "Follow-ups opened",
  withComment: "With a comment",
  stageIds: "Stages",
  csat: "CSAT scores",
  nps: "NPS scores",
  ces: "CES scores",
  unscored: "Without a score",
  idempotencyKey: "Idempotency key",
  retentionMonths: "Retention (months)",
  receivedBefore: "Received before",
  count: "Signals",
  dueAt: "Due",
};

/** Fields never shown: a session token's hash says nothing to a reader. */
// A follow-up and a batch's stages are named by the sentence; their ids say nothing to a reader.
const HIDDEN_FIELDS = new Set(["sessionId", "deliveryId", "followUpId", "stageIds"]);
const MAX_TEXT = 200;
const RACI_ORDER = ["accountable", "responsible", "consulted", "informed"] as const;

type Rec = Record<string, unknown>;
const asRec = (v: unknown): Rec | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

const humanize = (s: string) => {
  const words = s.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_.]/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);
export const fieldLabel = (key: string) => FIELD_LABELS[key] ?? humanize(key);

/** The name of the row `id` of `kind`; an id that does not resolve reads "unknown stage (1a2b3c4d)". */
export function nameOf(names: AuditNames, kind: RefKind, id: string | null | undefined): string {
  if (!id) return "none";
  return names.get(refKey(kind, id))?.name ?? `unknown ${kind.replace("_", "-")} (${id.slice(0, 8)})`;
}

type RaciEntry = { departmentId: string; raci: string; personId: string | null };
function raciEntries(v: unknown): RaciEntry[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((e) => {
    const r = asRec(e);
    const departmentId = str(r?.departmentId);
    const raci = str(r?.raci);
    return departmentId && raci ? [{ departmentId, raci, personId: str(r?.personId) }] : [];
  });
}

/** "Accountable: Sales (Ana Lee); Consulted: Support" — or "no owner" for an empty set. */
function formatOwnership(v: unknown, names: AuditNames): string {
  const entries = raciEntries(v);
  if (!entries.length) return "no owner";
  const rank = (r: string) => {
    const i = (RACI_ORDER as readonly string[]).indexOf(r);
    return i < 0 ? RACI_ORDER.length : i;
  };
  return [...entries]
    .sort((a, b) => rank(a.raci) - rank(b.raci))
    .map((e) => `${humanize(e.raci)}: ${nameOf(names, "department", e.departmentId)}${e.personId ? ` (${nameOf(names, "user", e.personId)})` : ""}`)
    .join("; ");
}

/** One payload value as text: ids by name, booleans as yes/no, enums in words, never JSON. */
export function formatValue(key: string, value: unknown, names: AuditNames): string {
  if (value === undefined) return "—";
  if (value === null || value === "") return "none";
  const ref = FIELD_REFS[key];
  if (ref && typeof value === "string") return nameOf(names, ref, value);
  if (key === "parties" && Array.isArray(value)) return value.map((id) => nameOf(names, "department", str(id))).join(", ") || "none";
  if (key === "ownership") return formatOwnership(value, names);
  if (key === "role" && typeof value === "string") return ROLE_LABELS[value as Role] ?? humanize(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  // An instant (a token's expiry): a date and time, not an ISO string. Stated in UTC, as stored.
  if (typeof value === "string" && key.endsWith("At") && ISO_INSTANT.test(value)) return `${formatDateTime(value, "UTC")} UTC`;
  if (typeof value === "string") {
    if (["status", "outcome", "method", "revokeReason", "direction", "confidence", "kind", "goalDisposition"].includes(key)) return humanize(value).toLowerCase();
    return clip(value);
  }
  if (Array.isArray(value)) return clip(value.map((v) => formatValue("", v, names)).join(", "));
  const rec = asRec(value);
  if (rec) return clip(Object.entries(rec).map(([k, v]) => `${fieldLabel(k)}: ${formatValue(k, v, names)}`).join("; "));
  return clip(String(value));
}

/** One changed field: `before` is null when the event created the thing (there was no before). */
export type AuditChange = { field: string; before: string | null; after: string };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields an event changed, before → after; for a creation, the values it was created with. */
export function auditChanges(before: unknown, after: unknown, names: AuditNames): AuditChange[] {
  const b = asRec(before);
  const a = asRec(after);
  if (!a && !b) return [];
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => !HIDDEN_FIELDS.has(k));
  if (!b) return keys.filter((k) => a![k] !== undefined && a![k] !== null && a![k] !== "").map((k) => ({ field: fieldLabel(k), before: null, after: formatValue(k, a![k], names) }));
  return keys
    .filter((k) => !same(b[k], a?.[k]))
    .map((k) => ({ field: fieldLabel(k), before: formatValue(k, b[k], names), after: a ? formatValue(k, a[k], names) : "—" }));
}

/** What one event reads as. */
export type AuditEventInput = {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  actorName: string | null;
  before: unknown;
  after: unknown;
};
export type PresentedEntity = { type: string; name: string; href: string | null };
export type PresentedEvent = { label: string; sentence: string; entity: PresentedEntity; changes: AuditChange[] };

/** The entity an event is about, by name and linked to its page when it has one. */
export function presentEntity(e: Pick<AuditEventInput, "entityType" | "entityId" | "after" | "before">, names: AuditNames): PresentedEntity {
  const type = AUDIT_ENTITY_LABELS[e.entityType];
  if (e.entityType === "settings") return { type, name: "Organisation settings", href: "/admin/settings" };
  const kind = ENTITY_REF[e.entityType];
  const resolved = kind && e.entityId ? names.get(refKey(kind, e.entityId)) : undefined;
  if (e.entityType === "signal") {
    // A signal is shown under its stage (a batch or the retention job may span several).
    const stageId = str(asRec(e.after)?.stageId) ?? str(asRec(e.before)?.stageId);
    const stage = stageId ? names.get(refKey("stage", stageId)) : undefined;
    return { type, name: stageId ? (stage?.name ?? nameOf(names, "stage", stageId)) : "Several stages", href: stage?.href ?? null };
  }
  if (e.entityType === "session") {
    const email = str(asRec(e.after)?.email) ?? str(asRec(e.before)?.email);
    return { type, name: resolved?.name ?? email ?? "unknown account", href: resolved?.href ?? null };
  }
  if (resolved) return { type, name: resolved.name, href: resolved.href };
  return { type, name: kind && e.entityId ? nameOf(names, kind, e.entityId) : "—", href: null };
}

type SentenceContext = {
  actor: string;
  /** The entity's name (a handoff: its stage's; a check-in: its goal's; a decision: its dispute's). */
  entity: string;
  before: Rec;
  after: Rec;
  name: (kind: RefKind, id: unknown) => string;
  /** The accountable department (and person) of a stage snapshot's ownership. */
  accountable: (side: Rec) => string;
  /** The labels of the fields that changed, lower case: "name and role". */
  changed: string;
  email: string;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const SENTENCES: Record<AuditAction, (c: SentenceContext) => string> = {
  "auth.signed_in": (c) => `${c.actor} signed in${c.after.method === "sso" ? " with single sign-on" : ""}`,
  "auth.sign_in_failed": (c) => `A sign-in as ${c.email} was refused`,
  "auth.locked_out": (c) => `Sign-ins as ${c.email} were locked after ${plural(Number(c.after.failuresInWindow ?? 0), "failure", "failures")}`,
  "auth.sign_in_blocked": (c) => `A sign-in as ${c.email} was blocked while locked out`,
  "auth.signed_out": (c) => `${c.actor} signed out`,
  "auth.address_locked_out": (c) => `Sign-ins from ${str(c.after.clientAddress) ?? "one address"} were locked after too many failures`,
  "auth.sessions_revoked": (c) => `${c.actor} ended ${plural(Number(c.after.sessionsEnded ?? 0), "session", "sessions")} of ${c.entity}`,
  "user.created": (c) => `${c.actor} created the user ${c.entity}`,
  "user.updated": (c) => `${c.actor} changed the ${c.changed} of ${c.entity}`,
  "user.deactivated": (c) => `${c.actor} deactivated ${c.entity}`,
  "user.reactivated": (c) => `${c.actor} reactivated ${c.entity}`,
  "user.invite_issued": (c) => `${c.actor} issued a one-time password link for ${c.entity}${c.after.delivery === "email" ? ", emailed to them" : ""}`,
  "user.password_set": (c) => `${c.entity} chose a password through a one-time link`,
  "user.provisioned": (c) => `${c.entity} was created at their first single sign-on`,
  "department.created": (c) => `${c.actor} created the department ${c.entity}`,
  "department.updated": (c) => `${c.actor} changed the ${c.changed} of ${c.entity}`,
  "department.archived": (c) => `${c.actor} archived the department ${c.entity}`,
  "department.restored": (c) => `${c.actor} restored the department ${c.entity}`,
  "settings.updated": (c) => `${c.actor} changed the organisation settings: ${c.changed}`,
  "journey.created": (c) => `${c.actor} created the journey ${c.entity}`,
  "journey.updated": (c) => `${c.actor} changed the ${c.changed} of the journey ${c.entity}`,
  "journey.archived": (c) => `${c.actor} archived the journey ${c.entity}`,
  "stage.created": (c) => `${c.actor} added the stage ${c.entity} to ${c.name("journey", c.after.journeyId)}`,
  "stage.updated": (c) => `${c.actor} changed the ${c.changed} of the stage ${c.entity}`,
  "stage.reordered": (c) => `${c.actor} moved ${c.entity} from position ${String(c.before.position)} to ${String(c.after.position)}`,
  "stage.archived": (c) => `${c.actor} archived the stage ${c.entity}`,
  "ownership.assigned": (c) => `${c.actor} made ${c.accountable(c.after)} accountable for ${c.entity} (before: ${c.accountable(c.before)})`,
  "ownership.claimed": (c) => `${c.actor} claimed ${c.entity} for ${c.accountable(c.after)}`,
  "ownership.handed_off": (c) => `${c.actor} handed ${c.entity} from ${c.accountable(c.before)} to ${c.accountable(c.after)}`,
  "handoff.proposed": (c) => `${c.actor} offered ${c.entity} from ${c.name("department", c.after.fromDepartmentId)} to ${c.name("department", c.after.toDepartmentId)}`,
  "handoff.accepted": (c) =>
    `${c.actor} ${c.after.forced === true ? "forced" : "accepted"} the handoff of ${c.entity} from ${c.name("department", c.after.fromDepartmentId)} to ${c.name("department", c.after.toDepartmentId)}`,
  "handoff.declined": (c) => `${c.actor} declined the handoff of ${c.entity} from ${c.name("department", c.after.fromDepartmentId)} to ${c.name("department", c.after.toDepartmentId)}`,
  "handoff.cancelled": (c) => `${c.actor} cancelled the handoff of ${c.entity} to ${c.name("department", c.after.toDepartmentId)}`,
  "handoff.expired": (c) => `The pending handoff of ${c.entity} expired`,
  "stage.orphaned": (c) => `${c.entity} lost its accountable owner and needs a new one`,
  "objective.created": (c) => `${c.actor} created the objective ${c.entity}`,
  "objective.updated": (c) => `${c.actor} changed the ${c.changed} of the objective ${c.entity}`,
  "objective.archived": (c) => `${c.actor} archived the objective ${c.entity}`,
  "goal.created": (c) => `${c.actor} set the goal ${c.entity} on ${c.name("stage", c.after.stageId)} for ${c.name("department", c.after.departmentId)}`,
  "goal.updated": (c) => `${c.actor} changed the ${c.changed} of the goal ${c.entity}`,
  "goal.status_changed": (c) => `${c.actor} marked the goal ${c.entity} ${humanize(str(c.after.status) ?? "changed").toLowerCase()}`,
  "goal.moved": (c) => `The goal ${c.entity} moved from ${c.name("department", c.before.departmentId)} to ${c.name("department", c.after.departmentId)} with its stage`,
  "goal.retired": (c) => `The goal ${c.entity} was retired when its stage was handed off`,
  "check_in.recorded": (c) => `${c.actor} recorded ${str(c.after.value) ?? "a value"} on the goal ${c.entity}`,
  "check_in.corrected": (c) => `${c.actor} corrected a check-in on the goal ${c.entity}: ${c.changed}`,
  "dispute.raised": (c) => `${c.actor} raised the dispute ${c.entity}`,
  "dispute.statement_saved": (c) => `${c.actor} saved the statement of ${c.name("department", c.after.departmentId)} on ${c.entity}`,
  "dispute.commented": (c) => `${c.actor} commented on the dispute ${c.entity}`,
  "dispute.taken_under_review": (c) => `${c.actor} took the dispute ${c.entity} under review`,
  "dispute.withdrawn": (c) => `${c.actor} withdrew the dispute ${c.entity}`,
  "dispute.party_replaced": (c) => `${c.actor} made ${c.name("department", c.after.departmentId)} a party to ${c.entity} in place of ${c.name("department", c.before.departmentId)}`,
  "decision.recorded": (c) => `${c.actor} recorded a decision on the dispute ${c.entity}`,
  "api_token.created": (c) =>
    c.after.kind === "service"
      ? `${c.actor} created the service API token “${String(c.after.name)}” (${String(c.after.prefix)}…)`
      : `${c.actor} created the personal API token “${String(c.after.name)}” (${String(c.after.prefix)}…)${c.after.readOnly ? ", read-only" : ""}`,
  "api_token.revoked": (c) => `${c.actor} revoked the ${c.before.kind === "service" ? "service" : "personal"} API token “${String(c.before.name)}” (${String(c.before.prefix)}…)`,
  "user.notification_preferences_updated": (c) => `${c.actor} changed how they receive notifications: ${c.changed}`,
  "webhook.created": (c) => `${c.actor} registered the webhook ${str(c.after.name) ?? "endpoint"} (${str(c.after.url) ?? "unknown address"})`,
  "webhook.updated": (c) => `${c.actor} changed the ${c.changed} of the webhook ${str(c.after.name) ?? "endpoint"}`,
  "webhook.disabled": (c) => `The webhook ${str(c.after.name) ?? "endpoint"} was disabled after repeated failed deliveries`,
  "webhook.delivery_replayed": (c) => `${c.actor} sent a ${str(c.after.eventType) ?? "webhook"} delivery again`,
  "webhook.secret_rotated": (c) => `${c.actor} rotated the signing secret of the webhook ${str(c.after.name) ?? "endpoint"}`,
  "webhook.deleted": (c) => `${c.actor} deleted the webhook ${str(c.before.name) ?? "endpoint"} (${str(c.before.url) ?? "unknown address"}) and ${plural(Number(c.after.deliveriesRemoved ?? 0), "logged delivery", "logged deliveries")}`,
  "user.sign_in_link_requested": (c) =>
    c.after.outcome === "refused_deactivated" ? `A password link was requested for ${c.entity}, a deactivated account; nothing was sent` : `A password link was requested for ${c.entity} and is being emailed to them`,
  "signal.recorded": (c) =>
    `${c.actor} recorded a ${str(c.after.source) ?? "customer"} signal${c.after.scale ? ` (${String(c.after.scale).toUpperCase()} ${String(c.after.score)})` : ""} on ${c.name("stage", c.after.stageId)}${c.after.followUpId ? ", opening a follow-up" : ""}`,
  "signal.batch_recorded": (c) =>
    `${c.actor} recorded ${plural(Number(c.after.count ?? 0), "customer signal", "customer signals")} on ${plural(Array.isArray(c.after.stageIds) ? c.after.stageIds.length : 0, "stage", "stages")}, opening ${plural(Number(c.after.followUpsOpened ?? 0), "follow-up", "follow-ups")}`,
  "signal.imported": (c) =>
    `${c.actor} imported ${plural(Number(c.after.rowsImported ?? 0), "customer signal", "customer signals")} from ${str(c.after.fileName) ?? "a CSV file"}${Number(c.after.rowsSkipped ?? 0) ? `, skipping ${plural(Number(c.after.rowsSkipped), "row", "rows")} with errors` : ""}, opening ${plural(Number(c.after.followUpsOpened ?? 0), "follow-up", "follow-ups")}`,
  "signal.flagged": (c) => `${c.actor} flagged a customer signal on ${c.name("stage", c.after.stageId)} for follow-up`,
  "signal.comment_redacted": (c) => `${c.actor} removed the comment of a customer signal on ${c.name("stage", c.after.stageId)}`,
  "signal.comments_expired": (c) => `The retention job removed ${plural(Number(c.after.count ?? 0), "comment", "comments")} older than ${plural(Number(c.after.retentionMonths ?? 0), "month", "months")}`,
  "follow_up.acknowledged": (c) => `${c.actor} acknowledged the ${c.entity} for ${c.name("department", c.after.departmentId)}`,
  "follow_up.action_taken": (c) => `${c.actor} recorded the action taken on the ${c.entity}`,
  "follow_up.closed": (c) => `${c.actor} closed the ${c.entity}`,
  "follow_up.reopened": (c) => `${c.actor} reopened the ${c.entity}`,
  "follow_up.goal_linked": (c) => `${c.actor} linked the ${c.entity} to the goal ${c.name("goal", c.after.goalId)}`,
  "follow_up.dispute_raised": (c) => `${c.actor} raised the dispute ${c.name("dispute", c.after.disputeId)} from the ${c.entity}`,
  "follow_up.noted": (c) => `${c.actor} added a note to the ${c.entity}`,
};

/** "name and role", "title, target and due date". */
function listWords(words: string[]): string {
  const w = words.map((x) => x.toLowerCase());
  if (w.length <= 1) return w[0] ?? "details";
  return `${w.slice(0, -1).join(", ")} and ${w[w.length - 1]}`;
}

/** The label, sentence, entity and changes of one event. */
export function presentAuditEvent(e: AuditEventInput, names: AuditNames): PresentedEvent {
  const before = asRec(e.before) ?? {};
  const after = asRec(e.after) ?? {};
  const entity = presentEntity(e, names);
  const changes = auditChanges(e.before, e.after, names);
  const email = str(after.email) ?? str(before.email) ?? "an unknown email";
  const actor = e.actorName ?? (e.action.startsWith("auth.") ? email : "The system");
  const accountable = (side: Rec) => {
    const owner = raciEntries(side.ownership).find((x) => x.raci === "accountable");
    if (!owner) return "no one";
    return `${nameOf(names, "department", owner.departmentId)}${owner.personId ? ` (${nameOf(names, "user", owner.personId)})` : ""}`;
  };
  const context: SentenceContext = {
    actor,
    entity: entity.name,
    before,
    after,
    name: (kind, id) => nameOf(names, kind, str(id)),
    accountable,
    changed: listWords(changes.map((c) => c.field)),
    email,
  };
  return { label: AUDIT_ACTION_LABELS[e.action], sentence: SENTENCES[e.action](context), entity, changes };
}

/** Every id an event refers to (its entity and the ids in its payloads), by kind. */
export function auditRefs(events: Pick<AuditEventInput, "entityType" | "entityId" | "before" | "after">[]): Map<RefKind, Set<string>> {
  const out = new Map<RefKind, Set<string>>();
  const add = (kind: RefKind, id: unknown) => {
    if (typeof id !== "string" || !UUID.test(id)) return;
    let set = out.get(kind);
    if (!set) out.set(kind, (set = new Set()));
    set.add(id);
  };
  for (const e of events) {
    const kind = ENTITY_REF[e.entityType];
    if (kind) add(kind, e.entityId);
    for (const side of [asRec(e.before), asRec(e.after)]) {
      if (!side) continue;
      for (const [k, v] of Object.entries(side)) {
        const ref = FIELD_REFS[k];
        if (ref) add(ref, v);
      }
      if (Array.isArray(side.parties)) for (const p of side.parties) add("department", p);
      for (const o of raciEntries(side.ownership)) {
        add("department", o.departmentId);
        add("user", o.personId);
      }
    }
  }
  return out;
}

/** Admin pages and the capability each needs: a reader who may not open one sees the name unlinked. */
const GUARDED_PAGES: [prefix: string, capability: Capability][] = [
  ["/admin/users", "users.manage"],
  ["/admin/departments", "departments.manage"],
  ["/admin/settings", "settings.manage"],
];

/** The entity's link if `role` may open that page, else null. */
export function linkFor(role: Role, href: string | null): string | null {
  if (!href) return null;
  const guard = GUARDED_PAGES.find(([prefix]) => href.startsWith(prefix));
  return guard && !can(role, guard[1]) ? null : href;
}
