import crypto from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions, userIdentities, users } from "@/db/schema";
import { signInWithSso } from "@/lib/auth/sso";
import type { SsoMapping } from "@/lib/auth/sso-claims";
import { usingPostgres, useTestDatabase } from "../helpers/db";
import { makeDepartment } from "../helpers/factories";

// Just-in-time provisioning under simultaneous first sign-ins on real connections: a person
// who opens the app in many tabs at once (or a provider that retries) becomes one user.

beforeAll(() => {
  if (!usingPostgres) throw new Error("The race suite needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project \"race\").");
});

const db = useTestDatabase();
const ISSUER = "https://idp.example.test";
let department: string;
beforeAll(async () => {
  department = (await makeDepartment(db(), `Sales ${crypto.randomBytes(3).toString("hex")}`)).name;
});
const mapping: SsoMapping = { roleClaim: "groups", roleMap: [], departmentClaim: "department", departmentMap: [], defaultDepartment: null, trustEmail: false };
const n = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n;

describe("simultaneous first single sign-ons", () => {
  it("20 at once for one person make one user, one identity and 20 sessions", async () => {
    const id = crypto.randomBytes(4).toString("hex");
    const claims = { iss: ISSUER, sub: `sub-${id}`, email: `tabs.${id}@example.test`, email_verified: true, name: "Tab Person", department };
    const results = await Promise.all(Array.from({ length: 20 }, () => signInWithSso({ claims, issuer: ISSUER, mapping })));
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.userId : "")));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && r.provisioned)).toHaveLength(1);
    const [userId] = [...ids];
    expect(await n(db().select({ n: count() }).from(users).where(eq(sql`lower(${users.email})`, claims.email)))).toBe(1);
    expect(await n(db().select({ n: count() }).from(userIdentities).where(eq(userIdentities.userId, userId!)))).toBe(1);
    expect(await n(db().select({ n: count() }).from(sessions).where(eq(sessions.userId, userId!)))).toBe(20);
  });

  it("two subjects with one verified email at once make one user, linked to both", async () => {
    const id = crypto.randomBytes(4).toString("hex");
    const email = `shared.${id}@example.test`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signInWithSso({ claims: { iss: ISSUER, sub: `sub-${id}-${i % 2}`, email, email_verified: true, department }, issuer: ISSUER, mapping })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.ok ? r.userId : ""))).size).toBe(1);
    expect(await n(db().select({ n: count() }).from(users).where(eq(sql`lower(${users.email})`, email)))).toBe(1);
    const [userId] = results.map((r) => (r.ok ? r.userId : ""));
    expect(await n(db().select({ n: count() }).from(userIdentities).where(eq(userIdentities.userId, userId!)))).toBe(2);
  });
});
