// Every server action with the fields its form sends, as seen from outside. A field's kind
// says how it can be made invalid for sure: text, ids, choices, dates and numbers refuse a
// value holding NUL or a text-direction character, whatever else it holds; a checkbox ("flag")
// takes anything, so it is never the field a malformed request relies on.
export type FieldKind = "text" | "id" | "ids" | "choice" | "date" | "number" | "flag";
export type ActionSpec = { name: string; as: string; fields: Record<string, FieldKind> };

const goalFields: Record<string, FieldKind> = {
  title: "text", description: "text", metricName: "text", metricUnit: "text", baseline: "text", target: "text",
  direction: "choice", startDate: "date", dueDate: "date", ownerId: "id", objectiveId: "id", budget: "text", people: "text", resourcesNote: "text", signalMetric: "choice",
};
const objectiveFields: Record<string, FieldKind> = { title: "text", description: "text", periodStart: "date", periodEnd: "date" };
const signalFields: Record<string, FieldKind> = {
  stageId: "id", source: "choice", receivedAt: "date", scale: "choice", score: "number", comment: "text", customerRef: "text", channel: "text", tags: "text",
};
const checkInFields: Record<string, FieldKind> = { value: "text", confidence: "choice", note: "text", measuredOn: "date" };

export const ACTIONS: ActionSpec[] = [
  { name: "signInAction", as: "signed-out", fields: { email: "text", password: "text", callbackUrl: "flag" } },
  // Single sign-on is not set up on the browser suite's server: a well-formed call is refused (not_found).
  { name: "ssoSignInAction", as: "signed-out", fields: { callbackUrl: "text" } },
  { name: "acceptInviteAction", as: "signed-out", fields: { token: "text", password: "text", confirm: "text" } },
  { name: "requestPasswordLinkAction", as: "signed-out", fields: { email: "text" } },
  { name: "markNotificationsReadAction", as: "cco", fields: { ids: "ids" } },
  { name: "saveNotificationPreferencesAction", as: "cco", fields: { handoff_offered: "choice", handoff_accepted: "choice", handoff_declined: "choice", handoff_cancelled: "choice", stage_reassigned: "choice", stage_orphaned: "choice", goal_stale: "choice", goal_stale_escalated: "choice", goal_off_track: "choice", dispute_raised: "choice", dispute_under_review: "choice", dispute_decided: "choice", dispute_overdue: "choice", webhook_disabled: "choice", follow_up_moved: "choice", follow_up_overdue: "choice", follow_up_escalated: "choice" } },

  { name: "createJourneyAction", as: "cco", fields: { name: "text", description: "text", segment: "text", status: "choice" } },
  { name: "updateJourneyAction", as: "cco", fields: { journeyId: "id", name: "text", description: "text", segment: "text", status: "choice" } },
  { name: "archiveJourneyAction", as: "cco", fields: { journeyId: "id", reason: "text" } },
  { name: "createFromTemplateAction", as: "cco", fields: { templateId: "choice", name: "text", description: "text", segment: "text", status: "choice" } },
  { name: "duplicateJourneyAction", as: "cco", fields: { journeyId: "id", name: "text", withOwners: "flag" } },
  { name: "importJourneysAction", as: "cco", fields: { csv: "text", fileName: "text", mode: "choice" } },
  { name: "addStageAction", as: "cco", fields: { journeyId: "id", name: "text", customerGoal: "text", emotionScore: "number" } },
  { name: "updateStageAction", as: "cco", fields: { stageId: "id", name: "text", customerGoal: "text", emotionScore: "number" } },
  { name: "moveStageAction", as: "cco", fields: { stageId: "id", direction: "choice", expectedPosition: "number" } },
  { name: "placeStageAction", as: "cco", fields: { stageId: "id", expectedPosition: "number", toPosition: "number" } },
  { name: "updateStageMapAction", as: "cco", fields: { stageId: "id", phase: "text", touchpoints: "text", channels: "text" } },
  { name: "archiveStageAction", as: "cco", fields: { stageId: "id", reason: "text" } },
  {
    name: "assignOwnershipAction",
    as: "cco",
    fields: { stageId: "id", departmentId: "id", personId: "id", responsible: "ids", consulted: "ids", informed: "ids", reason: "text" },
  },
  { name: "claimStageAction", as: "marketing.head", fields: { stageId: "id", reason: "text" } },
  { name: "proposeHandoffAction", as: "marketing.head", fields: { stageId: "id", toDepartmentId: "id", note: "text", goalDisposition: "choice", force: "flag" } },
  { name: "respondHandoffAction", as: "marketing.head", fields: { handoffId: "id", response: "choice", reason: "text" } },
  { name: "cancelHandoffAction", as: "marketing.head", fields: { handoffId: "id", reason: "text" } },

  { name: "createGoalAction", as: "cco", fields: { stageId: "id", activate: "flag", ...goalFields } },
  { name: "updateGoalAction", as: "cco", fields: { goalId: "id", ...goalFields } },
  { name: "changeGoalStatusAction", as: "cco", fields: { goalId: "id", status: "choice", reason: "text" } },
  { name: "recordCheckInAction", as: "cco", fields: { goalId: "id", ...checkInFields } },
  { name: "correctCheckInAction", as: "cco", fields: { checkInId: "id", ...checkInFields } },
  { name: "createObjectiveAction", as: "cco", fields: objectiveFields },
  { name: "updateObjectiveAction", as: "cco", fields: { objectiveId: "id", ...objectiveFields } },
  { name: "archiveObjectiveAction", as: "cco", fields: { objectiveId: "id" } },

  { name: "raiseDisputeAction", as: "cco", fields: { kind: "choice", stageId: "id", handoffId: "id", title: "text", description: "text", partyDepartmentIds: "ids" } },
  { name: "saveStatementAction", as: "marketing.head", fields: { disputeId: "id", departmentId: "id", statement: "text", proposal: "text" } },
  { name: "addCommentAction", as: "cco", fields: { disputeId: "id", body: "text" } },
  { name: "takeDisputeAction", as: "cco", fields: { disputeId: "id" } },
  { name: "acknowledgeFollowUpAction", as: "cco", fields: { followUpId: "id", note: "text", expectedStatus: "choice" } },
  { name: "recordFollowUpActionAction", as: "cco", fields: { followUpId: "id", note: "text", expectedStatus: "choice" } },
  { name: "closeFollowUpAction", as: "cco", fields: { followUpId: "id", note: "text", expectedStatus: "choice" } },
  { name: "reopenFollowUpAction", as: "cco", fields: { followUpId: "id", note: "text", expectedStatus: "choice" } },
  { name: "addFollowUpNoteAction", as: "cco", fields: { followUpId: "id", note: "text" } },
  { name: "linkFollowUpGoalAction", as: "cco", fields: { followUpId: "id", goalId: "id", note: "text" } },
  { name: "raiseFollowUpDisputeAction", as: "cco", fields: { followUpId: "id", partyDepartmentIds: "ids", description: "text" } },
  { name: "withdrawDisputeAction", as: "cco", fields: { disputeId: "id", reason: "text" } },
  {
    name: "recordDecisionAction",
    as: "cco",
    fields: {
      disputeId: "id", outcome: "text", rationale: "text", optionsConsidered: "text", supersedesId: "id",
      assignOwnership: "flag", effectDepartmentId: "id", effectPersonId: "id",
      effectBasis: "text", effectResponsible: "ids", effectConsulted: "ids", effectInformed: "ids",
    },
  },

  { name: "recordSignalAction", as: "cco", fields: signalFields },
  { name: "flagSignalAction", as: "cco", fields: { signalId: "id", note: "text" } },
  { name: "redactSignalAction", as: "cco", fields: { signalId: "id", reason: "text" } },
  { name: "checkSignalImportChunkAction", as: "cco", fields: { importId: "id", seq: "number", fileName: "text", header: "text", mapping: "text", defaults: "text", rows: "text" } },
  { name: "importSignalsAction", as: "cco", fields: { importId: "id", rows: "number", onlyValid: "flag" } },

  { name: "createUserAction", as: "admin", fields: { email: "text", name: "text", role: "choice", departmentId: "id", setup: "choice", password: "text" } },
  { name: "updateUserAction", as: "admin", fields: { userId: "id", name: "text", role: "choice", departmentId: "id" } },
  { name: "reactivateUserAction", as: "admin", fields: { userId: "id", reason: "text" } },
  { name: "confirmDeactivationAction", as: "admin", fields: { subjectId: "id", fingerprint: "text", reason: "text" } },
  { name: "issueInviteAction", as: "admin", fields: { userId: "id" } },
  { name: "endUserSessionsAction", as: "admin", fields: { userId: "id" } },
  { name: "createDepartmentAction", as: "admin", fields: { name: "text" } },
  { name: "renameDepartmentAction", as: "admin", fields: { departmentId: "id", name: "text" } },
  { name: "setDepartmentHeadAction", as: "admin", fields: { departmentId: "id", headUserId: "id" } },
  { name: "confirmArchiveAction", as: "admin", fields: { subjectId: "id", fingerprint: "text", reason: "text" } },
  { name: "restoreDepartmentAction", as: "admin", fields: { departmentId: "id" } },
  {
    name: "updateSettingsAction",
    as: "admin",
    fields: {
      disputeSlaDays: "number", staleCheckInDays: "number", timeZone: "text",
      negativeCsatMax: "number", negativeNpsMax: "number", negativeCesMax: "number", followUpSlaDays: "number", signalRetentionMonths: "number", measuredMinSample: "number",
    },
  },

  { name: "createPersonalTokenAction", as: "cco", fields: { name: "text", readOnly: "flag", expiresIn: "choice" } },
  { name: "revokeMyTokenAction", as: "cco", fields: { tokenId: "id" } },
  { name: "createServiceTokenAction", as: "admin", fields: { name: "text", scopes: "ids", expiresIn: "choice" } },
  { name: "revokeServiceTokenAction", as: "admin", fields: { tokenId: "id" } },
  { name: "createWebhookAction", as: "admin", fields: { name: "text", url: "text", target: "choice", eventTypes: "choice" } },
  { name: "updateWebhookAction", as: "admin", fields: { endpointId: "id", name: "text", url: "text", eventTypes: "choice", enabled: "flag" } },
  { name: "replayDeliveryAction", as: "admin", fields: { deliveryId: "id" } },
  { name: "rotateWebhookSecretAction", as: "admin", fields: { endpointId: "id" } },
  { name: "deleteWebhookAction", as: "admin", fields: { endpointId: "id", confirmName: "text" } },
];

// Actions that take no input: any readable call signs the caller out (everywhere), which is
// their job, not a malformed request. fuzz.spec.ts sends them hand-made bodies on their own
// sessions instead.
export const NO_INPUT_ACTIONS = ["signOutAction", "signOutEverywhereAction"];

/** Pages that read the address: their query parameters and dynamic segments. */
export const PAGES: Array<{ path: string; params: string[] }> = [
  { path: "/audit", params: ["actorId", "entityType", "from", "to", "page", "perPage"] },
  { path: "/decisions", params: ["q", "stageId", "departmentId", "kind", "from", "to", "page", "perPage"] },
  { path: "/admin/users", params: ["q", "role", "departmentId", "status", "page", "perPage"] },
  { path: "/admin/webhooks", params: ["deleted", "deliveries"] },
  { path: "/notifications/preferences", params: [] },
  { path: "/goals", params: ["journeyId", "departmentId", "objectiveId", "health", "status", "page", "perPage"] },
  { path: "/goals/new", params: ["stageId"] },
  { path: "/goals/objectives", params: ["archived"] },
  { path: "/disputes", params: ["status", "kind", "departmentId", "page", "perPage"] },
  { path: "/follow-ups", params: ["status", "stageId", "departmentId", "overdue", "page", "perPage"] },
  { path: "/disputes/new", params: ["kind", "stageId", "handoffId"] },
  { path: "/dashboard", params: ["journeyId", "departmentId", "show"] },
  { path: "/dashboard/report", params: ["journeyId", "departmentId"] },
  { path: "/journeys", params: ["archived"] },
  { path: "/journeys/import", params: [] },
  { path: "/signals/import", params: [] },
  { path: "/my-work", params: [] },
  // ":journey" is replaced by a demo journey's id.
  { path: "/journeys/:journey", params: ["asOf"] },
  { path: "/journeys/:journey/map", params: [] },
  { path: "/sign-in", params: ["callbackUrl", "reason", "email", "error"] },
  { path: "/sign-in/link", params: [] },
  { path: "/account", params: [] },
  { path: "/admin/api-tokens", params: [] },
  { path: "/api-reference", params: [] },
];

/** Pages and route handlers with a segment taken from the address. */
export const SEGMENTS = ["/journeys/", "/goals/", "/disputes/", "/follow-ups/", "/admin/users/", "/admin/webhooks/", "/invite/", "/journeys/00000000-0000-4000-8000-000000000000/stages/"];

/** Route handlers (GET). */
export const ROUTES: Array<{ path: string; params: string[] }> = [
  { path: "/api/notifications", params: [] },
  { path: "/api/people", params: ["departmentId"] },
  { path: "/api/export/goals.csv", params: ["journeyId", "departmentId", "objectiveId", "health", "status"] },
  { path: "/api/export/check-ins.csv", params: ["journeyId", "departmentId", "objectiveId", "health", "status"] },
  { path: "/api/export/ownership.csv", params: ["date", "journeyId", "departmentId"] },
  { path: "/api/export/journeys.csv", params: [] },
  { path: "/api/export/raci.csv", params: ["journeyId", "departmentId"] },
  { path: "/api/export/journey-map.svg", params: ["journeyId"] },
  { path: "/api/export/decisions.csv", params: ["q", "stageId", "departmentId", "kind", "from", "to"] },
  { path: "/api/auth/session", params: [] },
  { path: "/api/auth/csrf", params: [] },
  { path: "/api/auth/providers", params: [] },
];

/**
 * REST API v1 (bearer token; fuzz.spec.ts calls them with personal tokens, one per endpoint so
 * the per-token rate limit is never what answers). ":id"
 * segments are fuzzed; GETs get malformed query parameters, POSTs malformed bodies, and every
 * poisoned body field must be named in the problem's `errors`.
 */
export const API_GETS: Array<{ path: string; params: string[] }> = [
  { path: "/api/v1/journeys", params: ["includeArchived", "cursor", "limit"] },
  { path: "/api/v1/journeys/:id", params: ["asOf"] },
  { path: "/api/v1/stages/:id", params: [] },
  { path: "/api/v1/stages/:id/ownership-history", params: ["cursor", "limit"] },
  { path: "/api/v1/goals", params: ["journeyId", "departmentId", "objectiveId", "health", "status", "cursor", "limit"] },
  { path: "/api/v1/goals/:id", params: [] },
  { path: "/api/v1/goals/:id/check-ins", params: ["cursor", "limit"] },
  { path: "/api/v1/disputes", params: ["status", "kind", "departmentId", "cursor", "limit"] },
  { path: "/api/v1/disputes/:id", params: [] },
  { path: "/api/v1/decisions", params: ["q", "stageId", "departmentId", "kind", "from", "to", "cursor", "limit"] },
  { path: "/api/v1/users", params: ["q", "role", "departmentId", "status", "cursor", "limit"] },
  { path: "/api/v1/audit-events", params: ["actorId", "entityType", "entityId", "action", "departmentId", "from", "to", "cursor", "limit"] },
  { path: "/api/v1/signals", params: ["stageId", "from", "to", "cursor", "limit"] },
  { path: "/api/v1/openapi.json", params: [] },
];

/** Writes, each called as someone whose role may make it, so the body is what must refuse. */
export const API_POSTS: Array<{ path: string; as: string; fields: Record<string, FieldKind> }> = [
  { path: "/api/v1/check-ins", as: "cco", fields: { goalId: "id", ...checkInFields } },
  { path: "/api/v1/ownership/claims", as: "marketing.head", fields: { stageId: "id", reason: "text" } },
  { path: "/api/v1/ownership/assignments", as: "cco", fields: { stageId: "id", departmentId: "id", personId: "id", responsible: "ids", consulted: "ids", informed: "ids", reason: "text" } },
  { path: "/api/v1/signals", as: "cco", fields: signalFields },
  { path: "/api/v1/disputes", as: "cco", fields: { kind: "choice", stageId: "id", handoffId: "id", title: "text", description: "text", partyDepartmentIds: "ids" } },
];
