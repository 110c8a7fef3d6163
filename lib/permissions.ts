// The role → capability table of docs/product.md. This is the only place it lives in code: every
// server action and every query checks it on the server, whatever the UI shows, and no other
// file compares a role with a role name (an ESLint rule and tests/unit/role-literals.test.ts
// refuse it). A rule that needs more than the capability is a named predicate here or in
// lib/<domain>/rules.ts, asked by the page that shows the button and the command alike.

export const ROLES = ["admin", "cco", "executive", "head", "member"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  cco: "Chief Customer Officer",
  executive: "Executive",
  head: "Department head",
  member: "Member",
};

/** Roles that act for a department and must belong to one. */
export const DEPARTMENT_ROLES: readonly Role[] = ["head", "member"];

/** The role a department's head holds: only such a person may be set as a department's head. */
export const DEPARTMENT_HEAD_ROLE: Role = "head";

const ALL = ROLES;

/**
 * `roles` hold the capability; for a capability about a department's own things ("own
 * department" in the product table), `anyDepartment` names the roles that hold it for every
 * department — the others hold it for their own department only (see `canFor`).
 */
type Permission = { roles: readonly Role[]; anyDepartment?: readonly Role[]; meaning: string };

export const PERMISSIONS = {
  "app.view": { roles: ALL, meaning: "Sign in and view journeys, stages, goals, disputes, decisions and the dashboard" },
  "users.manage": { roles: ["admin"], meaning: "Invite users, change roles and departments, deactivate" },
  "departments.manage": { roles: ["admin"], meaning: "Create, rename, set the head of and archive departments" },
  "settings.manage": { roles: ["admin"], meaning: "Change organisation settings" },
  "webhooks.manage": { roles: ["admin"], meaning: "Register webhook endpoints, read their deliveries and send one again" },
  "journeys.manage": { roles: ["cco"], meaning: "Create, edit, reorder and archive journeys and stages" },
  "ownership.assign": { roles: ["cco"], meaning: "Assign or reassign stage ownership directly, including R/C/I" },
  "stages.claim": { roles: ["head"], meaning: "Claim an unowned stage for your own department" },
  "handoffs.manage": { roles: ["cco", "head"], anyDepartment: ["cco"], meaning: "Propose, accept or decline handoffs of your department's stages" },
  "handoffs.force": { roles: ["cco"], meaning: "Force a handoff through" },
  "goals.manage": { roles: ["cco", "head"], anyDepartment: ["cco"], meaning: "Create, edit and close SMART goals on stages your department owns" },
  "checkins.record": { roles: ["cco", "head", "member"], anyDepartment: ["cco"], meaning: "Record check-ins on your department's goals" },
  "follow_ups.act": { roles: ["cco", "head", "member"], anyDepartment: ["cco"], meaning: "Acknowledge, act on, close, reopen and annotate your department's follow-ups of customer signals (the CCO: every one, and the queue of unowned stages)" },
  "disputes.raise": { roles: ["cco", "executive", "head"], meaning: "Raise a dispute and add your department's statement" },
  "decisions.record": { roles: ["cco"], meaning: "Record a decision on a dispute" },
  "objectives.manage": { roles: ["cco", "executive"], meaning: "Manage strategic objectives" },
  "audit.read": { roles: ["admin", "cco", "executive"], meaning: "Read the audit log" },
  // Customer feedback is shared between departments: whoever hears it records it on the stage it
  // is about, whichever department owns that stage. Admins administer and executives read.
  "signals.record": { roles: ["cco", "head", "member"], meaning: "Record customer signals on any live stage (form or API) and flag one for follow-up" },
  "signals.redact": { roles: ["cco", "admin"], meaning: "Remove a customer signal's comment (personal data), with a reason" },
  "api_tokens.create": { roles: ALL, meaning: "Create and revoke your own personal REST API tokens" },
  "api_tokens.manage": { roles: ["admin"], meaning: "Create service API tokens with scopes, and revoke anyone's token" },
  "work.view": { roles: ["cco", "executive", "head", "member"], meaning: "Have a My work page of what waits on you (administrators have no journey work)" },
} as const satisfies Record<string, Permission>;

export type Capability = keyof typeof PERMISSIONS;
export const CAPABILITIES = Object.keys(PERMISSIONS) as Capability[];

export function can(role: Role, capability: Capability): boolean {
  return (PERMISSIONS[capability].roles as readonly Role[]).includes(role);
}

/** Holds `capability` for every department's things, not only its own. */
export function canForAnyDepartment(role: Role, capability: Capability): boolean {
  const p: Permission = PERMISSIONS[capability];
  return can(role, capability) && (p.anyDepartment ?? []).includes(role);
}

export type PermissionActor = { role: Role; departmentId: string | null };

/** May `actor` use `capability` on something of `departmentId` (null: of no department)? */
export function canFor(actor: PermissionActor, capability: Capability, departmentId: string | null): boolean {
  if (!can(actor.role, capability)) return false;
  if (canForAnyDepartment(actor.role, capability)) return true;
  return departmentId !== null && actor.departmentId === departmentId;
}

/** Every role that holds `capability`, e.g. to find the people who may act on something. */
export function rolesWith(capability: Capability): Role[] {
  return ROLES.filter((r) => can(r, capability));
}

/** Roles that watch the company's follow-ups as a whole (the dashboard's closed-loop card). */
const FOLLOW_UP_OVERVIEW_ROLES: readonly Role[] = ["cco", "executive"];
export function watchesAllFollowUps(role: Role): boolean {
  return FOLLOW_UP_OVERVIEW_ROLES.includes(role);
}

/** May a person of this role be a department's head (and so its default accountable person)? */
export function mayHeadDepartment(role: Role): boolean {
  return role === DEPARTMENT_HEAD_ROLE;
}

export function capabilitiesOf(role: Role): Capability[] {
  return CAPABILITIES.filter((c) => can(role, c));
}

// ---- REST API tokens (docs/decisions/0014-api-tokens.md) ----------------------------------
// A personal token acts as its user: it holds exactly the capabilities of the user's role, read
// from the table above at each request (a role change or deactivation applies at once). A
// read-only personal token may use them only in operations that read. A service token acts as a
// service actor that holds only its scopes, which are capabilities of the table above; today
// the API offers service tokens reading only, because every write in Throughline is a person's
// (a check-in has an author, a claim a head): writes go through a personal token.

/** The scopes an admin may give a service token, each a capability of the table. */
export const SERVICE_SCOPES = ["app.view", "audit.read", "users.manage", "signals.record"] as const satisfies readonly Capability[];
/** The only writes a service token may make: what an integration feeds in (a survey tool's signals). */
export const SERVICE_WRITE_SCOPES: readonly ServiceScope[] = ["signals.record"];
export type ServiceScope = (typeof SERVICE_SCOPES)[number];

export const SERVICE_SCOPE_LABELS: Record<ServiceScope, string> = {
  "app.view": "Read journeys, stages, ownership, goals, check-ins, disputes and decisions",
  "audit.read": "Read the audit log",
  "users.manage": "Read users (the API has no user writes)",
  "signals.record": "Record customer signals (a survey or support tool sending feedback)",
};

export type TokenGrant = { kind: "personal"; role: Role; readOnly: boolean } | { kind: "service"; scopes: readonly string[] };

/** May a request made with this token use `capability`? The one rule for every API call. */
export function tokenMay(grant: TokenGrant, capability: Capability, { write }: { write: boolean }): boolean {
  if (grant.kind === "personal") {
    if (write && grant.readOnly) return false;
    return can(grant.role, capability);
  }
  return grant.scopes.includes(capability) && (!write || (SERVICE_WRITE_SCOPES as readonly string[]).includes(capability));
}

/**
 * The role a service actor is given when it calls a query that checks a role: the role with the
 * fewest capabilities that holds every scope (from the table, so it cannot drift from it).
 * The API has already checked the scope itself with tokenMay.
 */
export function serviceActorRole(scopes: readonly string[]): Role | null {
  const fits = ROLES.filter((r) => scopes.every((s) => (CAPABILITIES as string[]).includes(s) && can(r, s as Capability)));
  // Fewest capabilities first; on a tie the role listed later in ROLES (the less senior) wins.
  fits.sort((a, b) => capabilitiesOf(a).length - capabilitiesOf(b).length || ROLES.indexOf(b) - ROLES.indexOf(a));
  return fits[0] ?? null;
}
