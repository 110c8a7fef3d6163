// The closed list of audit event types, each with the one line that says what it means.
// The database enforces the list too (enum `audit_action`): adding a type needs a migration.
export const AUDIT_ACTION_MEANINGS = {
  "auth.signed_in": "A user signed in with email and password.",
  "auth.sign_in_failed": "A sign-in was refused: unknown email, wrong password or inactive account.",
  "auth.locked_out": "Too many failed sign-ins for one email; further attempts are refused for a while.",
  "auth.sign_in_blocked": "A sign-in was attempted while the email was locked out.",
  "auth.signed_out": "A user signed out.",
  "user.created": "An admin created a user.",
  "user.updated": "An admin changed a user's name, role or department.",
  "user.deactivated": "An admin deactivated a user; they lose access on their next request.",
  "user.reactivated": "An admin reactivated a user.",
  "user.invite_issued": "A one-time link to choose a password was issued for a user.",
  "user.password_set": "A user chose a password through a one-time link.",
  "department.created": "An admin created a department.",
  "department.updated": "An admin renamed a department or changed its head.",
  "department.archived": "An admin archived a department.",
  "department.restored": "An admin restored an archived department.",
  "settings.updated": "An admin changed organisation settings.",
  "journey.created": "The CCO created a customer journey.",
  "journey.updated": "The CCO changed a journey's name, description, segment or status.",
  "journey.archived": "The CCO archived a journey.",
  "stage.created": "The CCO added a stage to a journey.",
  "stage.updated": "The CCO changed a stage's name, customer goal or emotion score.",
  "stage.reordered": "The CCO moved a stage to another place in the journey.",
  "stage.archived": "The CCO archived a stage.",
  "ownership.assigned": "The CCO assigned or reassigned a stage's accountable owner and R/C/I departments.",
  "ownership.claimed": "A department head claimed an unowned stage for their department.",
  "ownership.handed_off": "Ownership of a stage moved to another department through an accepted handoff.",
  "handoff.proposed": "A stage's owner offered the stage to another department.",
  "handoff.accepted": "The receiving department accepted a handoff (or the CCO forced it).",
  "handoff.declined": "The receiving department declined a handoff, with a reason.",
  "handoff.cancelled": "The proposer withdrew a pending handoff.",
  "handoff.expired": "A pending handoff lapsed because the stage's ownership changed another way.",
  "stage.orphaned": "A stage's accountable person was deactivated or its department archived; it needs an owner.",
  "objective.created": "A strategic objective was created.",
  "objective.updated": "A strategic objective was edited.",
  "objective.archived": "A strategic objective was archived.",
  "goal.created": "A SMART goal was set on a stage.",
  "goal.updated": "A SMART goal was edited.",
  "goal.status_changed": "A goal was activated, achieved, missed or cancelled.",
  "goal.moved": "A goal moved to a stage's new owning department with a handoff.",
  "goal.retired": "A goal was retired because its stage was handed off with 'retire'.",
  "check_in.recorded": "A check-in was recorded on a goal.",
  "check_in.corrected": "The author of a check-in corrected it.",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_MEANINGS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_MEANINGS) as [AuditAction, ...AuditAction[]];

export const AUDIT_ENTITY_TYPES = ["user", "department", "settings", "session", "journey", "stage", "handoff", "objective", "goal", "check_in"] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export const AUDIT_ENTITY_LABELS: Record<AuditEntityType, string> = {
  user: "User",
  department: "Department",
  settings: "Settings",
  session: "Sign-in",
  journey: "Journey",
  stage: "Stage",
  handoff: "Handoff",
  objective: "Strategic objective",
  goal: "Goal",
  check_in: "Check-in",
};
