import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listAuditEventsRoute } from "@/app/api/v1/audit-events/route";
import { POST as recordCheckInRoute } from "@/app/api/v1/check-ins/route";
import { GET as listDisputesRoute, POST as raiseDisputeRoute } from "@/app/api/v1/disputes/route";
import { GET as listJourneysRoute } from "@/app/api/v1/journeys/route";
import { GET as getJourneyRoute } from "@/app/api/v1/journeys/[journeyId]/route";
import { POST as claimRoute } from "@/app/api/v1/ownership/claims/route";
import { GET as historyRoute } from "@/app/api/v1/stages/[stageId]/ownership-history/route";
import { GET as listUsersRoute } from "@/app/api/v1/users/route";
import { apiRateWindows, apiTokens, checkIns } from "@/db/schema";
import { authenticateToken, countApiRequest } from "@/lib/api-tokens/authenticate";
import { createPersonalToken, createServiceToken, listMyTokens, listServiceTokens, revokeToken } from "@/lib/api-tokens/commands";
import { hashTokenSecret, TOKEN_PATTERN } from "@/lib/api-tokens/secret";
import type { Actor } from "@/lib/auth/current-user";
import { createGoal } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import { assignOwnership } from "@/lib/ownership/commands";
import { todayIn } from "@/lib/time";
import { setUserActive } from "@/lib/users/commands";
import { auditMark, auditSince, expectNoWrites } from "../helpers/audit";
import { asOwner, useTestDatabase } from "../helpers/db";
import { actorOf, makeCast, makeUser } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

const db = useTestDatabase();
let cast: Awaited<ReturnType<typeof makeCast>>;
let alpha: HeadedDepartment;
let beta: HeadedDepartment;

beforeAll(async () => {
  cast = await makeCast(db());
  alpha = await makeHeadedDepartment(db(), `Alpha ${uniq()}`);
  beta = await makeHeadedDepartment(db(), `Beta ${uniq()}`);
});

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const BASE = "http://throughline.test/api/v1";
async function call(handler: Handler, { secret, path = "/", method = "GET", body, params = {}, headers = {} }: { secret?: string | null; path?: string; method?: string; body?: unknown; params?: Record<string, string>; headers?: Record<string, string> }) {
  const h: Record<string, string> = { ...headers };
  if (secret) h.authorization = `Bearer ${secret}`;
  if (body !== undefined && !h["content-type"]) h["content-type"] = "application/json";
  const res = await handler(new Request(`${BASE}${path}`, { method, headers: h, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) }), { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

const personal = (actor: Actor, over: { readOnly?: boolean; expiresIn?: "7" | "30" | "90" | "365" | "never" } = {}) =>
  createPersonalToken({ actor, input: { name: `Token ${uniq()}`, readOnly: over.readOnly ?? false, expiresIn: over.expiresIn ?? "30" } });

async function activeGoalOf(dep: HeadedDepartment) {
  const cco = cast.actors.cco;
  const { stageIds } = await makeJourney(cco, 1);
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, dep) });
  const { objectiveId } = (await createObjective({ actor: cco, input: { title: `Aim ${uniq()}`, description: "", periodStart: "2024-01-01", periodEnd: "2035-01-01" } }))!;
  const day = (n: number) => todayIn("UTC", new Date(Date.now() + n * 86_400_000));
  const { goalId } = await createGoal({
    actor: cco,
    input: { stageId: stageIds[0]!, activate: true, title: `Goal ${uniq()}`, description: "Customers wait less.", metricName: "Served in 5 min", metricUnit: "%", baseline: "0", target: "100", direction: "increase", startDate: day(-10), dueDate: day(10), ownerId: dep.head.id, objectiveId, budget: "0", people: "1", resourcesNote: "" },
  });
  return { goalId, stageId: stageIds[0]! };
}

describe("creating tokens", () => {
  it("stores only the SHA-256 of a high-entropy tl_ secret, shows the secret once, and audits the creation without it", async () => {
    const mark = await auditMark(db());
    const created = await personal(cast.actors.member, { readOnly: true });
    expect(created.secret).toMatch(TOKEN_PATTERN);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, created.tokenId));
    expect(row).toMatchObject({ kind: "personal", userId: cast.users.member.id, readOnly: true, tokenHash: hashTokenSecret(created.secret), prefix: created.secret.slice(0, 11), revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(created.secret);
    expect(row!.expiresAt!.getTime() - row!.createdAt.getTime()).toBe(30 * 86_400_000);
    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual(["api_token.created"]);
    expect(events[0]).toMatchObject({ actorId: cast.users.member.id, entityType: "api_token", entityId: created.tokenId });
    expect(JSON.stringify(events[0])).not.toContain(created.secret);
    expect((await listMyTokens({ actor: cast.actors.member })).map((t) => t.id)).toContain(created.tokenId);
    // Two tokens never share a secret.
    expect((await personal(cast.actors.member)).secret).not.toBe(created.secret);
  });

  it("only admins create service tokens, and only with service scopes", async () => {
    await expectRefused(db(), () => createServiceToken({ actor: cast.actors.cco, input: { name: "Warehouse", scopes: ["app.view"], expiresIn: "never" } }), "forbidden");
    const t = await createServiceToken({ actor: cast.actors.admin, input: { name: "Warehouse", scopes: ["app.view"], expiresIn: "never" } });
    expect((await listServiceTokens({ actor: cast.actors.admin })).map((x) => x.id)).toContain(t.tokenId);
    await expectRefused(db(), () => listServiceTokens({ actor: cast.actors.cco }), "forbidden");
    // The database refuses a service token without scopes or a personal token with some.
    await expect(db().execute(sql`insert into api_tokens (kind, name, created_by_id, token_hash, prefix) values ('service', 'x', ${cast.users.admin.id}, ${"a".repeat(64)}, 'tl_x')`)).rejects.toThrow();
  });
});

describe("authenticating", () => {
  it("refuses unknown, malformed, revoked and expired tokens, and a deactivated user's tokens", async () => {
    const r = await call(listJourneysRoute, { secret: null });
    expect(r.status).toBe(401);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(r.json).toMatchObject({ status: 401, code: "unauthenticated", title: expect.any(String), detail: expect.any(String), type: expect.any(String), errors: {} });
    expect((await call(listJourneysRoute, { secret: "tl_" + "A".repeat(43) })).status).toBe(401);
    expect((await call(listJourneysRoute, { secret: "not-a-token" })).status).toBe(401);

    const revoked = await personal(cast.actors.executive);
    expect((await call(listJourneysRoute, { secret: revoked.secret })).status).toBe(200);
    const mark = await auditMark(db());
    await revokeToken({ actor: cast.actors.executive, tokenId: revoked.tokenId });
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["api_token.revoked"]);
    expect((await call(listJourneysRoute, { secret: revoked.secret })).status).toBe(401);
    // Revoking again changes nothing; someone else's token is "not found".
    await expectNoWrites(db(), () => revokeToken({ actor: cast.actors.executive, tokenId: revoked.tokenId }));
    const other = await personal(cast.actors.cco);
    await expectRefused(db(), () => revokeToken({ actor: cast.actors.executive, tokenId: other.tokenId }), "not_found");
    // An admin may revoke anyone's.
    await revokeToken({ actor: cast.actors.admin, tokenId: other.tokenId });
    expect(await authenticateToken(other.secret)).toBeNull();

    // Expiry is checked against the database clock on every request (the app may not move it: the owner does).
    const expiring = await personal(cast.actors.executive);
    expect(await authenticateToken(expiring.secret)).not.toBeNull();
    await asOwner((owner) => owner.execute(sql`update api_tokens set created_at = now() - interval '2 days', expires_at = now() - interval '1 second' where id = ${expiring.tokenId}`));
    expect(await authenticateToken(expiring.secret)).toBeNull();
    expect((await call(listJourneysRoute, { secret: expiring.secret })).status).toBe(401);

    const person = await makeUser(db(), { role: "member", departmentId: alpha.id, email: `api.${crypto.randomBytes(4).toString("hex")}@example.test` });
    const token = await personal(actorOf(person, alpha.name));
    expect((await call(listJourneysRoute, { secret: token.secret })).status).toBe(200);
    await setUserActive({ actor: cast.actors.admin, userId: person.id, active: false });
    expect((await call(listJourneysRoute, { secret: token.secret })).status).toBe(401);
  });
});

describe("authorising through the permission table", () => {
  it("a personal token holds its user's role: a member may not list users, an admin may", async () => {
    const member = await personal(cast.actors.member);
    const r = await call(listUsersRoute, { secret: member.secret });
    expect(r.status).toBe(403);
    expect(r.json.code).toBe("forbidden");
    const admin = await personal(cast.actors.admin);
    const ok = await call(listUsersRoute, { secret: admin.secret, path: "/users?limit=2" });
    expect(ok.status).toBe(200);
    expect(ok.json.data).toHaveLength(2);
    expect(ok.json.total).toBeGreaterThanOrEqual(5);
    expect(typeof ok.json.nextCursor).toBe("string");
  });

  it("a read-only token reads but never writes; a full token writes, audited with the token id", async () => {
    const { goalId } = await activeGoalOf(alpha);
    const body = { goalId, value: "42", confidence: "high", note: "From the export.", measuredOn: todayIn("UTC") };
    const ro = await personal(alpha.head, { readOnly: true });
    expect((await call(listJourneysRoute, { secret: ro.secret })).status).toBe(200);
    const refused = await expectNoWrites(db(), () => call(recordCheckInRoute, { secret: ro.secret, method: "POST", body }));
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toMatch(/read-only/);

    const rw = await personal(alpha.head);
    const mark = await auditMark(db());
    const ok = await call(recordCheckInRoute, { secret: rw.secret, method: "POST", body });
    expect(ok.status).toBe(201);
    const [ci] = await db().select().from(checkIns).where(eq(checkIns.id, ok.json.checkInId));
    expect(ci).toMatchObject({ goalId, authorId: alpha.head.id });
    const events = await auditSince(db(), mark);
    expect(events.map((e) => [e.action, e.apiTokenId, e.actorId])).toEqual([["check_in.recorded", rw.tokenId, alpha.head.id]]);
    // The audit log, read through the API by someone who may, names the token too.
    const auditor = await personal(cast.actors.admin);
    const log = await call(listAuditEventsRoute, { secret: auditor.secret, path: `/audit-events?entityType=check_in&entityId=${ok.json.checkInId}` });
    expect(log.status).toBe(200);
    expect(log.json.data[0]).toMatchObject({ action: "check_in.recorded", apiTokenId: rw.tokenId, sentence: expect.any(String) });
    // The same rule as the UI: another department's head may not record on Alpha's goal.
    const other = await personal(beta.head);
    const forbidden = await expectNoWrites(db(), () => call(recordCheckInRoute, { secret: other.secret, method: "POST", body }));
    expect(forbidden.status).toBe(403);
  });

  it("claims follow the board's rules: a head claims an unowned stage once; the member may not", async () => {
    const { journeyId, stageIds } = await makeJourney(cast.actors.cco, 1);
    const stageId = stageIds[0]!;
    const member = await personal(alpha.member);
    expect((await expectNoWrites(db(), () => call(claimRoute, { secret: member.secret, method: "POST", body: { stageId } }))).status).toBe(403);
    const head = await personal(alpha.head);
    const first = await call(claimRoute, { secret: head.secret, method: "POST", body: { stageId, reason: "We answer these calls." } });
    expect(first.status).toBe(201);
    const again = await call(claimRoute, { secret: (await personal(beta.head)).secret, method: "POST", body: { stageId } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("conflict");
    const history = await call(historyRoute, { secret: member.secret, params: { stageId } });
    expect(history.status).toBe(200);
    expect(history.json.data.map((h: { departmentName: string; source: string }) => [h.departmentName, h.source])).toEqual([[alpha.name, "claimed"]]);
    // The board gives each stage its accountable owner and R/C/I.
    const board = await call(getJourneyRoute, { secret: member.secret, params: { journeyId } });
    expect(board.status).toBe(200);
    expect(board.json.stages[0]).toMatchObject({ id: stageId, accountable: { departmentId: alpha.id, source: "claimed" }, raci: expect.any(Array) });


  });

  it("a service token holds only its scopes and never writes", async () => {
    const svc = await createServiceToken({ actor: cast.actors.admin, input: { name: `Svc ${uniq()}`, scopes: ["app.view"], expiresIn: "30" } });
    expect((await call(listJourneysRoute, { secret: svc.secret })).status).toBe(200);
    expect((await call(listDisputesRoute, { secret: svc.secret })).status).toBe(200);
    expect((await call(listAuditEventsRoute, { secret: svc.secret })).status).toBe(403);
    expect((await call(listUsersRoute, { secret: svc.secret })).status).toBe(403);
    const write = await expectNoWrites(db(), () =>
      call(raiseDisputeRoute, { secret: svc.secret, method: "POST", body: { kind: "other", title: "Hello", description: "World", partyDepartmentIds: [alpha.id] } }),
    );
    expect(write.status).toBe(403);
    const auditor = await createServiceToken({ actor: cast.actors.admin, input: { name: `Audit ${uniq()}`, scopes: ["audit.read", "users.manage"], expiresIn: "30" } });
    expect((await call(listAuditEventsRoute, { secret: auditor.secret })).status).toBe(200);
    expect((await call(listUsersRoute, { secret: auditor.secret })).status).toBe(200);
    expect((await call(listJourneysRoute, { secret: auditor.secret })).status).toBe(403);
  });
});

describe("bad input is a 4xx problem, never a 5xx, and writes nothing", () => {
  it("wrong content type, malformed JSON, a non-object, oversized bodies and field errors", async () => {
    const head = await personal(beta.head);
    const post = (body: unknown, headers: Record<string, string> = {}) => expectNoWrites(db(), () => call(raiseDisputeRoute, { secret: head.secret, method: "POST", body, headers }));
    const wrongType = await post("kind=other", { "content-type": "application/x-www-form-urlencoded" });
    expect(wrongType.status).toBe(415);
    expect(wrongType.json.code).toBe("invalid");
    expect((await post("{not json")).status).toBe(400);
    expect((await post("[1,2]")).status).toBe(400);
    expect((await post("null")).status).toBe(400);
    expect((await post(JSON.stringify({ title: "x".repeat(70_000) }))).status).toBe(413);
    const fields = await post({ kind: "nonsense", title: "", description: "\u0000", partyDepartmentIds: ["x"] });
    expect(fields.status).toBe(400);
    expect(Object.keys(fields.json.errors).sort()).toEqual(expect.arrayContaining(["kind", "title", "description"]));
    // A malformed path id is "not found"; a bad cursor is a field error.
    expect((await call(historyRoute, { secret: head.secret, params: { stageId: "not-a-uuid" } })).status).toBe(404);
    expect((await call(listDisputesRoute, { secret: head.secret, path: "/disputes?cursor=%%%" })).json.errors.cursor).toBeDefined();
    expect((await call(listDisputesRoute, { secret: head.secret, path: "/disputes?limit=0" })).status).toBe(400);
  });

  it("raises a dispute through the same command as the UI", async () => {
    const head = await personal(beta.head);
    const mark = await auditMark(db());
    const r = await call(raiseDisputeRoute, { secret: head.secret, method: "POST", body: { kind: "other", title: "Standards of the welcome call", description: "We disagree on the script.", partyDepartmentIds: [alpha.id] } });
    expect(r.status).toBe(201);
    const events = await auditSince(db(), mark);
    expect(events.map((e) => [e.action, e.entityId, e.apiTokenId])).toEqual([["dispute.raised", r.json.disputeId, head.tokenId]]);
  });
});

describe("pagination with an opaque cursor", () => {
  it("walks every row once, in order, and refuses a cursor replayed with other filters", async () => {
    const admin = await personal(cast.actors.admin);
    const all = await call(listUsersRoute, { secret: admin.secret, path: "/users?limit=100" });
    const seen: string[] = [];
    let path = "/users?limit=2";
    for (let i = 0; i < 100; i++) {
      const page = await call(listUsersRoute, { secret: admin.secret, path });
      expect(page.status).toBe(200);
      seen.push(...page.json.data.map((u: { id: string }) => u.id));
      if (!page.json.nextCursor) break;
      path = `/users?cursor=${encodeURIComponent(page.json.nextCursor)}`;
    }
    expect(seen).toEqual(all.json.data.map((u: { id: string }) => u.id));
    expect(new Set(seen).size).toBe(all.json.total);
    const first = await call(listUsersRoute, { secret: admin.secret, path: "/users?limit=2" });
    const replay = await call(listUsersRoute, { secret: admin.secret, path: `/users?status=inactive&cursor=${encodeURIComponent(first.json.nextCursor)}` });
    expect(replay.status).toBe(400);
    expect(replay.json.errors.cursor[0]).toMatch(/other filters/);
  });
});

describe("rate limit per token, in the database", () => {
  it("counts each token's requests in its minute window, answers 429 with Retry-After past the limit, and records last use", async () => {
    const a = await personal(cast.actors.executive);
    const b = await personal(cast.actors.executive);
    const verdicts = await Promise.all(Array.from({ length: 5 }, () => countApiRequest(a.tokenId, { limit: 3 })));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
    const refused = verdicts.find((v) => !v.allowed)!;
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((await countApiRequest(b.tokenId, { limit: 3 })).allowed).toBe(true);
    const [w] = await db().select().from(apiRateWindows).where(eq(apiRateWindows.tokenId, a.tokenId));
    expect(w!.hits).toBe(5);
    const [t] = await db().select().from(apiTokens).where(eq(apiTokens.id, a.tokenId));
    expect(t!.lastUsedAt).not.toBeNull();
    // Over HTTP, once the window is full: 429, Retry-After, problem+json.
    await asOwner((owner) => owner.execute(sql`update api_rate_windows set hits = 100000 where token_id = ${a.tokenId}`));
    const r = await call(listJourneysRoute, { secret: a.secret });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(r.json.code).toBe("rate_limited");
  });
});
