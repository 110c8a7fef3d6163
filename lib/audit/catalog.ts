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
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_MEANINGS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_MEANINGS) as [AuditAction, ...AuditAction[]];

export const AUDIT_ENTITY_TYPES = ["user", "department", "settings", "session"] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export const AUDIT_ENTITY_LABELS: Record<AuditEntityType, string> = {
  user: "User",
  department: "Department",
  settings: "Settings",
  session: "Sign-in",
};
