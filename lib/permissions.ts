// The role → capability table of PRODUCT.md. This is the only place it lives in code: every
// server action and every query checks it on the server, whatever the UI shows.

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

const ALL = ROLES;

export const PERMISSIONS = {
  "app.view": { roles: ALL, meaning: "Sign in and view journeys, stages, goals, disputes, decisions and the dashboard" },
  "users.manage": { roles: ["admin"], meaning: "Invite users, change roles and departments, deactivate" },
  "departments.manage": { roles: ["admin"], meaning: "Create, rename, set the head of and archive departments" },
  "settings.manage": { roles: ["admin"], meaning: "Change organisation settings" },
  "journeys.manage": { roles: ["cco"], meaning: "Create, edit, reorder and archive journeys and stages" },
  "ownership.assign": { roles: ["cco"], meaning: "Assign or reassign stage ownership directly, including R/C/I" },
  "stages.claim": { roles: ["head"], meaning: "Claim an unowned stage for your own department" },
  "handoffs.manage": { roles: ["cco", "head"], meaning: "Propose, accept or decline handoffs of your department's stages" },
  "handoffs.force": { roles: ["cco"], meaning: "Force a handoff through" },
  "goals.manage": { roles: ["cco", "head"], meaning: "Create, edit and close SMART goals on stages your department owns" },
  "checkins.record": { roles: ["cco", "head", "member"], meaning: "Record check-ins on your department's goals" },
  "disputes.raise": { roles: ["cco", "executive", "head"], meaning: "Raise a dispute and add your department's statement" },
  "decisions.record": { roles: ["cco"], meaning: "Record a decision on a dispute" },
  "objectives.manage": { roles: ["cco", "executive"], meaning: "Manage strategic objectives" },
  "audit.read": { roles: ["admin", "cco", "executive"], meaning: "Read the audit log" },
} as const satisfies Record<string, { roles: readonly Role[]; meaning: string }>;

export type Capability = keyof typeof PERMISSIONS;
export const CAPABILITIES = Object.keys(PERMISSIONS) as Capability[];

export function can(role: Role, capability: Capability): boolean {
  return (PERMISSIONS[capability].roles as readonly Role[]).includes(role);
}

export function capabilitiesOf(role: Role): Capability[] {
  return CAPABILITIES.filter((c) => can(role, c));
}
