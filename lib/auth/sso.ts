import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { departments, userIdentities, users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { ROLE_LABELS } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";
import { userSnapshot } from "@/lib/users/snapshot";
import { createSession, type Clock } from "./sessions";
import {
  departmentCandidates,
  identityOf,
  mappedRole,
  parseDepartmentMap,
  parseRoleMap,
  roleNeedsDepartment,
  type Claims,
  type SsoMapping,
} from "./sso-claims";

// Single sign-on with an OpenID Connect identity provider (decision record 22). Auth.js runs
// the protocol (discovery, PKCE, state, nonce, the ID token's signature, issuer and audience);
// this module decides who the verified claims are in Throughline and starts the same
// database session a password sign-in starts.

/** Auth.js's id for the provider: its callback is /api/auth/callback/oidc. */
export const SSO_PROVIDER_ID = "oidc";

export type SsoConfig = { issuer: string; clientId: string; clientSecret: string; name: string; scopes: string; mapping: SsoMapping };

/** The configuration from the environment, or null when single sign-on is off. A bad mapping fails the start. */
export function ssoConfigFromEnv(e: typeof env = env): SsoConfig | null {
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return null;
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    name: e.OIDC_NAME,
    scopes: e.OIDC_SCOPES,
    mapping: {
      roleClaim: e.OIDC_ROLE_CLAIM,
      roleMap: parseRoleMap(e.OIDC_ROLE_MAP),
      departmentClaim: e.OIDC_DEPARTMENT_CLAIM,
      departmentMap: parseDepartmentMap(e.OIDC_DEPARTMENT_MAP),
      defaultDepartment: e.OIDC_DEFAULT_DEPARTMENT ?? null,
      trustEmail: e.OIDC_TRUST_EMAIL,
    },
  };
}

export const ssoConfig: SsoConfig | null = ssoConfigFromEnv();

/** AUTH_SSO_ONLY: no password sign-in at all, on the server (the provider is not even registered). */
export const passwordSignInEnabled = !env.AUTH_SSO_ONLY;

export type SsoRefusal = "invalid_claims" | "email_unverified" | "deactivated" | "no_department";

export type SsoSignInResult =
  | { ok: true; userId: string; sessionId: string; sessionToken: string; provisioned: boolean; linked: boolean }
  | { ok: false; reason: SsoRefusal };

type Found = { user: User; provisioned: boolean; linked: boolean } | { refused: SsoRefusal; user: User | null };

/** Live departments by name, case-insensitively: the first candidate that names one. */
async function firstLiveDepartment(tx: Tx, candidates: string[]): Promise<{ id: string; name: string } | null> {
  if (!candidates.length) return null;
  const lower = candidates.map((c) => c.toLowerCase());
  const rows = await tx
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.archived, false), inArray(sql`lower(${departments.name})`, lower)));
  for (const c of lower) {
    const hit = rows.find((r) => r.name.toLowerCase() === c);
    if (hit) return hit;
  }
  return null;
}

/**
 * Signs in the person an identity provider vouched for (`claims`: the ID token's, already
 * verified by Auth.js). In one transaction:
 * - a person signed in before is found by the provider's issuer and subject;
 * - else an existing user is matched by email, only when the provider says it is verified
 *   (or OIDC_TRUST_EMAIL), and the subject is linked to them;
 * - else a user is created (just-in-time provisioning, audited `user.provisioned`): role and
 *   department from the claim mapping, member by default;
 * - a deactivated user is refused whatever the provider says;
 * then a database session is started exactly as for a password, and `auth.signed_in` audited.
 * Every refusal is audited as `auth.sign_in_failed`.
 */
export async function signInWithSso({
  claims,
  issuer,
  mapping,
  userAgent,
  now,
}: { claims: Claims; issuer: string; mapping: SsoMapping; userAgent?: string | null } & Clock): Promise<SsoSignInResult> {
  const who = identityOf(claims, mapping);
  const iss = typeof claims.iss === "string" && claims.iss ? claims.iss : issuer;
  const method = "sso" as const;
  const context = { method, issuer: iss, ...(who.subject ? { subject: who.subject } : {}) };

  return inTransaction(async (tx) => {
    const refuse = async (reason: SsoRefusal, user: User | null): Promise<SsoSignInResult> => {
      await recordAudit(tx, {
        actorId: null,
        action: "auth.sign_in_failed",
        entityType: "session",
        entityId: user?.id ?? null,
        after: {
          email: (user?.email ?? who.email ?? "(none)").toLowerCase(),
          outcome: reason === "invalid_claims" ? "invalid_credentials" : reason,
          ...context,
        },
      });
      return { ok: false, reason };
    };
    if (!who.subject || !who.email) return refuse("invalid_claims", null);

    // One first sign-in per subject and per email at a time: two tabs finishing at once make
    // one user, not a unique-violation error.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sso-subject:${iss}\n${who.subject}`}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sso-email:${who.email.toLowerCase()}`}))`);

    const found = await findOrProvision(tx, { claims, iss, who: { ...who, email: who.email }, mapping, now });
    if ("refused" in found) return refuse(found.refused, found.user);
    const { user, provisioned, linked } = found;
    if (!user.active) return refuse("deactivated", user);

    if (!provisioned && !linked) {
      await tx
        .update(userIdentities)
        .set({ lastSignInAt: now ? sql`${now.toISOString()}::timestamptz` : sql`now()` })
        .where(and(eq(userIdentities.issuer, iss), eq(userIdentities.subject, who.subject)));
    }
    const session = await createSession(tx, { userId: user.id, userAgent, now });
    await recordAudit(tx, {
      actorId: user.id,
      action: "auth.signed_in",
      entityType: "session",
      entityId: user.id,
      after: { email: user.email.toLowerCase(), outcome: "success", sessionId: session.sessionId, ...context, ...(linked ? { linked: true } : {}) },
    });
    return { ok: true, userId: user.id, sessionId: session.sessionId, sessionToken: session.token, provisioned, linked };
  });
}

async function findOrProvision(
  tx: Tx,
  { claims, iss, who, mapping, now }: { claims: Claims; iss: string; who: ReturnType<typeof identityOf> & { email: string }; mapping: SsoMapping } & Clock,
): Promise<Found> {
  const at = now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
  const [known] = await tx
    .select({ user: users })
    .from(userIdentities)
    .innerJoin(users, eq(users.id, userIdentities.userId))
    .where(and(eq(userIdentities.issuer, iss), eq(userIdentities.subject, who.subject)))
    .limit(1);
  if (known) return { user: known.user, provisioned: false, linked: false };

  const [byEmail] = await tx
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, who.email.toLowerCase()))
    .limit(1);
  // An email the provider does not vouch for could be anyone's: it neither opens an existing
  // account nor claims the address for a new one.
  if (!who.emailVerified) return { refused: "email_unverified", user: byEmail ?? null };
  if (byEmail) {
    // Never link a deactivated account: it is refused below, and stays unlinked.
    if (!byEmail.active) return { user: byEmail, provisioned: false, linked: false };
    await tx.insert(userIdentities).values({ issuer: iss, subject: who.subject, userId: byEmail.id, createdAt: at, lastSignInAt: at });
    return { user: byEmail, provisioned: false, linked: true };
  }

  const { role, matched } = mappedRole(claims, mapping);
  const department = await firstLiveDepartment(tx, departmentCandidates(claims, mapping));
  if (roleNeedsDepartment(role) && !department) return { refused: "no_department", user: null };
  const [user] = await tx
    .insert(users)
    .values({ email: who.email, name: who.name ?? who.email.split("@")[0]!, role, departmentId: department?.id ?? null, passwordHash: null })
    .returning();
  if (!user) throw new Error("insert returned no row");
  await tx.insert(userIdentities).values({ issuer: iss, subject: who.subject, userId: user.id, createdAt: at, lastSignInAt: at });
  const roleWhy = matched ? `${ROLE_LABELS[role]} from the ${mapping.roleClaim} claim "${matched}"` : `${ROLE_LABELS[role]} by default (no ${mapping.roleClaim} claim value is mapped)`;
  await recordAudit(tx, {
    actorId: user.id,
    action: "user.provisioned",
    entityType: "user",
    entityId: user.id,
    after: userSnapshot(user),
    reason: `First sign-in through ${iss}: ${roleWhy}${department ? `; department ${department.name}` : ""}`,
  });
  return { user, provisioned: true, linked: false };
}
