import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invites, users } from "@/db/schema";
import { resolveSession } from "@/lib/auth/current-user";
import { signInWithSso } from "@/lib/auth/sso";
import { bootstrapAdmin } from "@/lib/users/bootstrap";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";

// The first admin when passwords are off (AUTH_SSO_ONLY; decision record 22): created from the
// command line without a password link, opened by their first single sign-on.

const db = useTestDatabase();
const ISSUER = "https://idp.example.test";

describe("the first admin with passwords off", () => {
  it("is created without a password link and becomes who their verified email signs in as", async () => {
    const mark = await auditMark(db());
    expect(await bootstrapAdmin({ email: "Ada@Example.test", name: "Ada Lovelace", passwordLink: false })).toEqual({ invitePath: null });
    const [admin] = await db().select().from(users).where(eq(users.email, "Ada@Example.test"));
    expect(admin).toMatchObject({ role: "admin", passwordHash: null, active: true });
    expect(await db().select().from(invites).where(eq(invites.userId, admin!.id))).toEqual([]);
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["user.created"]);

    const result = await signInWithSso({
      claims: { iss: ISSUER, sub: "ada-at-idp", email: "ada@example.test", email_verified: true, groups: [] },
      issuer: ISSUER,
      mapping: { roleClaim: "groups", roleMap: [], departmentClaim: "department", departmentMap: [], defaultDepartment: null, trustEmail: false },
    });
    expect(result).toMatchObject({ ok: true, userId: admin!.id, linked: true, provisioned: false });
    expect(result.ok && (await resolveSession(result.sessionId))?.actor.role).toBe("admin");

    // Still one admin at most from the command line.
    await expect(bootstrapAdmin({ email: "eve@example.test", name: "Eve", passwordLink: false })).rejects.toMatchObject({ kind: "conflict" });
  });

  it("gets a password link when passwords are on, as before", async () => {
    // An admin exists already in this database: deactivate to let the command run again.
    await db().update(users).set({ active: false }).where(eq(users.role, "admin"));
    const { invitePath } = await bootstrapAdmin({ email: "grace@example.test", name: "Grace Hopper" });
    expect(invitePath).toMatch(/^\/invite\/\S{20,}$/);
  });
});
