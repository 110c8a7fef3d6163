import { DEPARTMENT_ROLES, ROLES, type Role } from "@/lib/permissions";

// Reading an OpenID Connect identity provider's claims: who the person is (sub, email, name)
// and what Throughline makes of them at their first sign-in (role and department), from the
// mappings an operator configures (README "Single sign-on"). Pure functions: no database.

export type Claims = Record<string, unknown>;

export type SsoMapping = {
  roleClaim: string;
  /** In priority order: the first entry whose value the person's claim holds gives the role. */
  roleMap: { value: string; role: Role }[];
  departmentClaim: string;
  /** In priority order; empty: the claim's values are department names themselves. */
  departmentMap: { value: string; department: string }[];
  /** The department of a new person whose claims name none (only for roles that need one). */
  defaultDepartment: string | null;
  /** Believe the provider's `email` without `email_verified: true`. */
  trustEmail: boolean;
};

/** The role of a person no mapping entry matches. */
export const DEFAULT_SSO_ROLE: Role = "member";

/**
 * "a=x,b=y" (or "a=x;b=y" when a value itself holds commas, as an LDAP group DN does) into
 * pairs, in order. Each entry splits at its last "=", so a value may contain "=" too.
 */
export function parseClaimMap(raw: string | undefined | null, variable: string): { value: string; to: string }[] {
  if (!raw || !raw.trim()) return [];
  const separator = raw.includes(";") ? ";" : ",";
  return raw
    .split(separator)
    .map((e) => e.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf("=");
      const value = entry.slice(0, at).trim();
      const to = entry.slice(at + 1).trim();
      if (at <= 0 || !value || !to) throw new Error(`${variable}: "${entry}" is not claim-value=target`);
      return { value, to };
    });
}

export function parseRoleMap(raw: string | undefined | null): SsoMapping["roleMap"] {
  return parseClaimMap(raw, "OIDC_ROLE_MAP").map(({ value, to }) => {
    const role = ROLES.find((r) => r === to.toLowerCase());
    if (!role) throw new Error(`OIDC_ROLE_MAP: "${to}" is not a role (one of ${ROLES.join(", ")})`);
    return { value, role };
  });
}

export function parseDepartmentMap(raw: string | undefined | null): SsoMapping["departmentMap"] {
  return parseClaimMap(raw, "OIDC_DEPARTMENT_MAP").map(({ value, to }) => ({ value, department: to }));
}

/**
 * A claim's values as strings: a string is one value, an array its strings. The claim is found
 * by its exact name first (namespaced claims such as "https://example.com/groups" hold dots),
 * then as a path of nested objects ("realm_access.roles").
 */
export function claimValues(claims: Claims, name: string): string[] {
  let value: unknown = claims[name];
  if (value === undefined && name.includes(".")) {
    value = name.split(".").reduce<unknown>((at, key) => (at && typeof at === "object" && !Array.isArray(at) ? (at as Claims)[key] : undefined), claims);
  }
  if (typeof value === "string") return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
  return [];
}

/** The role the claims map to, and the claim value that decided it (null: the default). */
export function mappedRole(claims: Claims, mapping: SsoMapping): { role: Role; matched: string | null } {
  const held = new Set(claimValues(claims, mapping.roleClaim));
  const entry = mapping.roleMap.find((e) => held.has(e.value));
  return entry ? { role: entry.role, matched: entry.value } : { role: DEFAULT_SSO_ROLE, matched: null };
}

/** Department names to try, best first: mapped (or literal) claim values, then the default. */
export function departmentCandidates(claims: Claims, mapping: SsoMapping): string[] {
  const values = claimValues(claims, mapping.departmentClaim);
  const named = mapping.departmentMap.length ? mapping.departmentMap.filter((e) => values.includes(e.value)).map((e) => e.department) : values;
  return mapping.defaultDepartment ? [...named, mapping.defaultDepartment] : named;
}

export const roleNeedsDepartment = (role: Role) => DEPARTMENT_ROLES.includes(role);

export type SsoIdentity = { subject: string; email: string | null; emailVerified: boolean; name: string | null };

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Who the claims say the person is. `subject` empty when the token has no usable `sub`. */
export function identityOf(claims: Claims, mapping: Pick<SsoMapping, "trustEmail">): SsoIdentity {
  const subject = typeof claims.sub === "string" && claims.sub.length <= 255 ? claims.sub : "";
  const rawEmail = typeof claims.email === "string" ? claims.email.trim() : "";
  const email = EMAIL.test(rawEmail) && rawEmail.length <= 254 ? rawEmail : null;
  const verified = claims.email_verified === true || claims.email_verified === "true";
  const nameClaim = [claims.name, [claims.given_name, claims.family_name].filter((v) => typeof v === "string").join(" "), claims.preferred_username].find(
    (v): v is string => typeof v === "string" && v.trim() !== "",
  );
  return { subject, email, emailVerified: Boolean(email) && (verified || mapping.trustEmail), name: nameClaim ? nameClaim.trim().slice(0, 120) : null };
}
