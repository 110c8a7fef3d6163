import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listSignalsRoute, POST as recordSignalsRoute } from "@/app/api/v1/signals/route";
import { apiIdempotencyKeys, auditEvents, customerSignals, followUps } from "@/db/schema";
import { createPersonalToken, createServiceToken } from "@/lib/api-tokens/commands";
import type { Actor } from "@/lib/auth/current-user";
import { auditFilterSchema, listAuditEvents } from "@/lib/audit/queries";
import { openApiDocument } from "@/lib/api/openapi";
import { runJob } from "@/lib/jobs/definitions";
import { redactSignalComment } from "@/lib/signals/commands";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, makeHeadedDepartment, makeJourney, uniq } from "../helpers/ownership-fixtures";
import { assignOwnership } from "@/lib/ownership/commands";

const db = useTestDatabase();
let cast: Awaited<ReturnType<typeof makeCast>>;
let stageId: string;
let otherStageId: string;
let secret: string;

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const BASE = "http://throughline.test/api/v1";
async function call(handler: Handler, { token = secret, path = "/signals", method = "GET", body, headers = {} }: { token?: string | null; path?: string; method?: string; body?: unknown; headers?: Record<string, string> }) {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined && !h["content-type"]) h["content-type"] = "application/json";
  const res = await handler(new Request(`${BASE}${path}`, { method, headers: h, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) }), { params: Promise.resolve({}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}
const post = (body: unknown, headers: Record<string, string> = {}, token: string | null = secret) => call(recordSignalsRoute, { method: "POST", body, headers, token });
const personal = async (actor: Actor, readOnly = false) => (await createPersonalToken({ actor, input: { name: `T ${uniq()}`, readOnly, expiresIn: "30" } })).secret;
const signal = (over: Record<string, unknown> = {}) => ({ stageId, source: "survey", receivedAt: "2026-05-01T09:00:00Z", ...over });
const countSignals = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(customerSignals))[0]!.n;

beforeAll(async () => {
  cast = await makeCast(db());
  const dep = await makeHeadedDepartment(db(), `Support ${uniq()}`);
  const { stageIds } = await makeJourney(cast.actors.cco, 2);
  [stageId, otherStageId] = stageIds as [string, string];
  await assignOwnership({ actor: cast.actors.cco, input: assignInput(stageId, dep) });
  secret = await personal(cast.actors.member);
});

describe("POST /api/v1/signals", () => {
  it("records one signal (201), opening a follow-up when it is negative", async () => {
    const r = await post(signal({ scale: "nps", score: 3, comment: "Too slow", tags: ["slow"] }));
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ signalId: expect.any(String), followUpId: expect.any(String) });
    const [fu] = await db().select().from(followUps).where(eq(followUps.signalId, r.json.signalId));
    expect(fu).toMatchObject({ stageId, reason: "threshold" });
    const positive = await post(signal({ scale: "csat", score: "5" }));
    expect(positive.json.followUpId).toBeNull();
    const [ev] = await db().select().from(auditEvents).where(eq(auditEvents.entityId, r.json.signalId));
    expect(ev).toMatchObject({ action: "signal.recorded", apiTokenId: expect.any(String) });
  });

  it("records a batch all or nothing, with one audit event, and names a bad signal by its index", async () => {
    const before = await countSignals();
    const bad = await post({ signals: [signal(), signal({ scale: "csat", score: 7 }), signal({ source: "fax" })] });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(bad.json.errors["signals.1.score"]).toEqual(["A CSAT score is from 1 to 5; 7 is outside it."]);
    expect(bad.json.errors["signals.2.source"][0]).toMatch(/survey, support, review, interview or other/);
    const unknown = await post({ signals: [signal(), signal({ stageId: crypto.randomUUID() })] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual({ "signals.1.stageId": ["That stage does not exist."] });
    expect(await countSignals()).toBe(before);

    const ok = await post({ signals: Array.from({ length: 40 }, (_, i) => signal({ stageId: i % 2 ? stageId : otherStageId, scale: "csat", score: i < 3 ? 1 : 4 })) });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ recorded: 40, followUpsOpened: 3 });
    expect(await countSignals()).toBe(before + 40);
    const batchEvents = await db().select().from(auditEvents).where(eq(auditEvents.action, "signal.batch_recorded"));
    expect(batchEvents).toHaveLength(1);
  });

  it("answers malformed JSON, a wrong type and a too-large body with a problem, never a 500", async () => {
    expect((await post("{ not json")).status).toBe(400);
    expect((await post("[1, 2]")).json.errors._body).toEqual(["Send a JSON object of fields."]);
    const wrongType = await post(signal(), { "content-type": "text/plain" });
    expect(wrongType.status).toBe(415);
    expect((await post({ signals: "many" })).json.errors.signals[0]).toMatch(/as a list/);
    const big = await post({ signals: [signal({ comment: "x".repeat(4000) })] }, { "content-length": String(9 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(big.json.detail).toMatch(/8 MB/);
  });

  it("is refused to read-only tokens, service tokens without the signals.record scope, executives and admins", async () => {
    expect((await post(signal(), {}, await personal(cast.actors.member, true))).status).toBe(403);
    expect((await post(signal(), {}, await personal(cast.actors.executive))).status).toBe(403);
    expect((await post(signal(), {}, await personal(cast.actors.admin))).status).toBe(403);
    const service = await createServiceToken({ actor: cast.actors.admin, input: { name: "Survey tool", scopes: ["app.view"], expiresIn: "never" } });
    expect((await post(signal(), {}, service.secret)).status).toBe(403);
    expect((await post(signal(), {}, null)).status).toBe(401);
  });

  it("a service token with the signals.record scope records a batch for a survey tool: no person as its author, the token named as the actor", async () => {
    const name = `Survey tool ${uniq()}`;
    const service = await createServiceToken({ actor: cast.actors.admin, input: { name, scopes: ["signals.record"], expiresIn: "never" } });
    const r = await post({ signals: [signal({ scale: "csat", score: 1, comment: "Nobody called back" }), signal({ scale: "nps", score: 10 })] }, {}, service.secret);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ recorded: 2, followUpsOpened: 1 });
    const recorded = await db().select().from(customerSignals).where(inArray(customerSignals.id, r.json.signalIds));
    expect(recorded.map((x) => x.createdById)).toEqual([null, null]);
    const [fu] = await db().select().from(followUps).where(inArray(followUps.signalId, r.json.signalIds));
    expect(fu).toMatchObject({ stageId, reason: "threshold", openedById: null });
    const [ev] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "signal.batch_recorded"), eq(auditEvents.apiTokenId, service.tokenId)));
    expect(ev).toMatchObject({ actorId: null });
    // The audit log reads the token as the one who did it.
    const page = await listAuditEvents({ actor: cast.actors.admin, filter: auditFilterSchema.parse({ action: "signal.batch_recorded" }) });
    expect(page.rows.find((e) => e.id === ev!.id)?.actorName).toBe(`Service token “${name}”`);
    // The scope writes signals and reads nothing else.
    expect((await call(listSignalsRoute, { token: service.secret, path: "/signals?limit=1" })).status).toBe(403);
  });
});

describe("Idempotency-Key", () => {
  it("a retry with the same key answers the first response and records nothing again", async () => {
    const key = `batch-${uniq()}`;
    const body = { signals: [signal({ scale: "ces", score: 2 }), signal({ comment: "fine" })] };
    const before = await countSignals();
    const first = await post(body, { "idempotency-key": key });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await post(body, { "idempotency-key": key });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await countSignals()).toBe(before + 2);
    // A single signal is idempotent too.
    const one = await post(signal(), { "idempotency-key": `${key}-1` });
    expect(await post(signal(), { "idempotency-key": `${key}-1` })).toMatchObject({ status: 201, json: one.json });
    expect(await countSignals()).toBe(before + 3);
    const [row] = await db().select().from(apiIdempotencyKeys).where(eq(apiIdempotencyKeys.key, key));
    expect(row).toMatchObject({ status: 201, operation: "recordSignals" });
    // After 7 days the key is forgotten by the daily prune job.
    expect(await runJob("api.idempotency-prune", {})).toEqual({ pruned: 0 });
    await db().execute(sql`update api_idempotency_keys set created_at = now() - interval '8 days' where key = ${key}`);
    expect(await runJob("api.idempotency-prune", {})).toEqual({ pruned: 1 });
    expect(await db().select().from(apiIdempotencyKeys).where(eq(apiIdempotencyKeys.key, key))).toEqual([]);
  });

  it("the same key with another body is refused with 409; keys belong to their token; a bad key is a 400", async () => {
    const key = `k-${uniq()}`;
    await post(signal(), { "idempotency-key": key });
    const before = await countSignals();
    const other = await post(signal({ channel: "phone" }), { "idempotency-key": key });
    expect(other.status).toBe(409);
    expect(other.json).toMatchObject({ code: "conflict", errors: { "Idempotency-Key": ["Already used with a different request."] } });
    expect(other.json.detail).toMatch(/already used with a different request/);
    // Another person's token with the same key is another request.
    expect((await post(signal(), { "idempotency-key": key }, await personal(cast.actors.head))).status).toBe(201);
    expect(await countSignals()).toBe(before + 1);
    const badKey = await post(signal(), { "idempotency-key": "has space" });
    expect(badKey.status).toBe(400);
    expect(badKey.json.errors["Idempotency-Key"]).toBeDefined();
    // An invalid request does not use the key up: corrected, it is recorded.
    const key2 = `k-${uniq()}`;
    expect((await post(signal({ scale: "csat", score: 9 }), { "idempotency-key": key2 })).status).toBe(400);
    expect((await post(signal({ scale: "csat", score: 4 }), { "idempotency-key": key2 })).status).toBe(201);
  });

  it("concurrent requests with the same key record one set (truly parallel on PostgreSQL, queued on PGlite)", async () => {
    const key = `race-${uniq()}`;
    const body = { signals: Array.from({ length: 50 }, () => signal({ scale: "nps", score: 9 })) };
    const before = await countSignals();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(body, { "idempotency-key": key })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(4);
    for (const a of answers) expect(a.json).toEqual(answers[0]!.json);
    expect(await countSignals()).toBe(before + 50);
  });
});

describe("GET /api/v1/signals", () => {
  it("filters by stage and days, pages with a cursor, and shows a removed comment as removed", async () => {
    const mine = await personal(cast.actors.cco);
    const days = ["2025-01-10", "2025-01-11", "2025-01-12"];
    for (const d of days) for (let i = 0; i < 3; i++) await post(signal({ stageId: otherStageId, receivedAt: `${d}T1${i}:00:00Z`, comment: `On ${d} #${i}` }), {}, mine);
    const q = `?stageId=${otherStageId}&from=2025-01-10&to=2025-01-11&limit=4`;
    const p1 = await call(listSignalsRoute, { path: `/signals${q}` });
    expect(p1.status).toBe(200);
    expect(p1.json.total).toBe(6);
    expect(p1.json.data).toHaveLength(4);
    expect(p1.json.data[0]).toMatchObject({ stageId: otherStageId, comment: "On 2025-01-11 #2", commentRemoved: null });
    // A signal arriving between two calls, newer than the whole first page, shifts nothing: the
    // cursor is the last row's key (keyset), not a position.
    await post(signal({ stageId: otherStageId, receivedAt: "2025-01-11T23:00:00Z", comment: "Late arrival" }), {}, mine);
    const p2 = await call(listSignalsRoute, { path: `/signals${q}&cursor=${p1.json.nextCursor}` });
    expect(p2.json.total).toBe(7);
    expect(p2.json.data).toHaveLength(2);
    expect(p2.json.nextCursor).toBeNull();
    const ids = [...p1.json.data, ...p2.json.data].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(6);
    expect(p2.json.data.map((r: { comment: string }) => r.comment)).toEqual(["On 2025-01-10 #1", "On 2025-01-10 #0"]);
    // Signals received in the same microsecond page by id, each once.
    for (let i = 0; i < 5; i++) await post(signal({ stageId: otherStageId, receivedAt: "2025-01-10T05:00:00.123456Z", comment: `Same instant #${i}` }), {}, mine);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { json: { data: { id: string }[]; nextCursor: string | null } } = await call(listSignalsRoute, { path: `/signals${q.replace("limit=4", "limit=2")}${cursor ? `&cursor=${cursor}` : ""}` });
      seen.push(...page.json.data.map((r) => r.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    // A cursor that is not one of ours is refused by name.
    const forged = Buffer.from(JSON.stringify({ v: 2, a: "2025-01-10", i: "x", n: 2, f: "" })).toString("base64url");
    expect((await call(listSignalsRoute, { path: `/signals${q}&cursor=${forged}` })).json.errors).toEqual({ cursor: ["This cursor is not one this API issued; start again without it."] });
    // A cursor with other filters is refused.
    expect((await call(listSignalsRoute, { path: `/signals?stageId=${stageId}&cursor=${p1.json.nextCursor}` })).status).toBe(400);
    // Bad filters are named.
    const bad = await call(listSignalsRoute, { path: `/signals?stageId=x&from=2025-13-01&to=2025-01-01` });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.errors).sort()).toEqual(["from", "stageId"]);
    expect((await call(listSignalsRoute, { path: `/signals?from=2025-02-01&to=2025-01-01` })).json.errors.to).toEqual(["`to` must be on or after `from`."]);

    const target = p1.json.data[0].id as string;
    await redactSignalComment({ actor: cast.actors.cco, input: { signalId: target, reason: "Names a person" } });
    const after = await call(listSignalsRoute, { path: `/signals${q}` });
    expect(after.json.data.find((r: { id: string }) => r.id === target)).toMatchObject({ comment: null, commentRemoved: { reason: "Names a person", at: expect.any(String) } });
    // A read-only or service token with app.view reads the list.
    const service = await createServiceToken({ actor: cast.actors.admin, input: { name: `Warehouse ${uniq()}`, scopes: ["app.view"], expiresIn: "never" } });
    expect((await call(listSignalsRoute, { token: service.secret, path: `/signals?limit=1` })).status).toBe(200);
  });

  it("is documented in the OpenAPI document, with the Idempotency-Key header", () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, { description: string }> }>> };
    const p = doc.paths["/api/v1/signals"]!;
    expect(Object.keys(p).sort()).toEqual(["get", "post"]);
    expect(p.post!.parameters).toContainEqual(expect.objectContaining({ name: "Idempotency-Key", in: "header" }));
    expect(p.post!.responses["413"]!.description).toMatch(/8 MB/);
    expect(p.get!.parameters!.map((x) => x.name)).toEqual(expect.arrayContaining(["stageId", "from", "to", "cursor", "limit"]));
  });
});
