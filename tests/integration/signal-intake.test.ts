import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { customerSignals, followUpEvents, followUps, settings, signalDaily } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { runJob } from "@/lib/jobs/definitions";
import { archiveStage } from "@/lib/journeys/commands";
import { assignOwnership } from "@/lib/ownership/commands";
import { getSettings, updateSettings } from "@/lib/settings";
import { updateSettingsSchema } from "@/lib/settings/schemas";
import { flagSignal, recordSignal, recordSignalBatch, redactSignalComment, requestHash, RETENTION_REASON } from "@/lib/signals/commands";
import { flagSignalSchema, redactSignalSchema, signalBatchSchema, signalSchema } from "@/lib/signals/schemas";
import { stageSignalSummary } from "@/lib/signals/queries";
import { addDays, todayIn } from "@/lib/time";
import { zodFieldErrors } from "@/lib/validation";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

const db = useTestDatabase();
let cast: Awaited<ReturnType<typeof makeCast>>;
let owner: HeadedDepartment;
let owned: string; // a stage Owner is accountable for
let unowned: string;

beforeAll(async () => {
  cast = await makeCast(db());
  owner = await makeHeadedDepartment(db(), `Delivery ${uniq()}`);
  const { stageIds } = await makeJourney(cast.actors.cco, 3);
  [owned, unowned] = stageIds as [string, string];
  await assignOwnership({ actor: cast.actors.cco, input: assignInput(owned, owner) });
});

const input = (over: Record<string, unknown> = {}) => signalSchema.parse({ stageId: owned, source: "survey", receivedAt: "2026-03-01T10:00", ...over });
const errorsOf = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, v: unknown) => {
  const r = schema.safeParse(v);
  expect(r.success).toBe(false);
  return zodFieldErrors(r.error as never);
};
const followUpOf = async (signalId: string) => (await db().select().from(followUps).where(eq(followUps.signalId, signalId)))[0];

describe("validating a signal", () => {
  it("names every problem of a signal at once, each in its own words", () => {
    const errors = errorsOf(signalSchema, {
      stageId: "nope",
      source: "tweet",
      receivedAt: "yesterday",
      scale: "stars",
      score: "lots",
      comment: "x".repeat(5001),
      customerRef: "r".repeat(201),
      channel: "c".repeat(101),
      tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
    });
    expect(errors.stageId).toEqual(["That the stage does not exist."]);
    expect(errors.source![0]).toMatch(/survey, support, review, interview or other/);
    expect(errors.receivedAt![0]).toMatch(/date and time, like 2026-03-01T14:30/);
    expect(errors.scale![0]).toMatch(/CSAT \(1–5\), NPS \(0–10\) or CES \(1–7\)/);
    expect(errors.score![0]).toMatch(/must be a number/);
    expect(errors.comment).toEqual(["The comment must be at most 5000 characters."]);
    expect(errors.customerRef).toEqual(["The customer reference must be at most 200 characters."]);
    expect(errors.channel).toEqual(["The channel must be at most 100 characters."]);
    expect(errors.tags).toEqual(["Give at most 20 tags."]);
  });

  it("checks a score against its scale, and a score and a scale come together", () => {
    const base = { stageId: owned, source: "survey", receivedAt: "2026-03-01T10:00" };
    expect(errorsOf(signalSchema, { ...base, scale: "csat", score: "6" }).score).toEqual(["A CSAT score is from 1 to 5; 6 is outside it."]);
    expect(errorsOf(signalSchema, { ...base, scale: "nps", score: 11 }).score).toEqual(["A NPS score is from 0 to 10; 11 is outside it."]);
    expect(errorsOf(signalSchema, { ...base, scale: "ces", score: "0" }).score).toEqual(["A CES score is from 1 to 7; 0 is outside it."]);
    expect(errorsOf(signalSchema, { ...base, score: "4" }).scale![0]).toMatch(/Choose the scale this score is on/);
    expect(errorsOf(signalSchema, { ...base, scale: "nps" }).score).toEqual(["Enter the NPS score, or choose no scale."]);
    expect(errorsOf(signalSchema, { ...base, receivedAt: "2026-02-30T10:00" }).receivedAt![0]).toMatch(/When it was received: the date/);
    // Blank optional fields read as absent; tags from a form are split, trimmed and de-duplicated.
    expect(signalSchema.parse({ ...base, scale: "", score: "", comment: " ", customerRef: "", tags: " late, rude ,late,," })).toMatchObject({ scale: null, score: null, comment: null, customerRef: null, channel: "", tags: ["late", "rude"] });
    expect(signalSchema.parse({ ...base, scale: "NPS", score: 8.5 })).toMatchObject({ scale: "nps", score: "8.5" });
  });

  it("limits a batch to 1,000 signals and names a bad one by its index", () => {
    const one = { stageId: owned, source: "survey", receivedAt: "2026-03-01T10:00Z" };
    expect(errorsOf(signalBatchSchema, { signals: [] }).signals).toEqual(["Send at least one signal."]);
    expect(errorsOf(signalBatchSchema, { signals: Array.from({ length: 1001 }, () => one) }).signals![0]).toMatch(/at most 1000 signals/);
    expect(errorsOf(signalBatchSchema, { signals: [one, { ...one, scale: "csat", score: "9" }] })["signals.1.score"]).toEqual(["A CSAT score is from 1 to 5; 9 is outside it."]);
    expect(errorsOf(flagSignalSchema, { signalId: "" })).toMatchObject({ signalId: ["Choose the signal."], note: ["A note saying why it needs action is required."] });
    expect(errorsOf(redactSignalSchema, { signalId: crypto.randomUUID(), reason: "  " }).reason).toEqual(["The reason for removing the comment is required."]);
  });
});

describe("recording signals", () => {
  it("opens a follow-up for the stage's owner for a negative score, none for a positive one, and audits without the comment", async () => {
    const mark = await auditMark(db());
    const bad = await recordSignal({ actor: cast.actors.member, input: input({ scale: "csat", score: "1", comment: "The parcel came broken", customerRef: "cust-42", channel: "email", tags: "broken" }) });
    expect(bad.followUpId).not.toBeNull();
    const fu = await followUpOf(bad.signalId);
    expect(fu).toMatchObject({ id: bad.followUpId, stageId: owned, departmentId: owner.id, reason: "threshold", status: "open" });
    const [row] = await db().select().from(customerSignals).where(eq(customerSignals.id, bad.signalId));
    expect(row).toMatchObject({ stageId: owned, source: "survey", scale: "csat", comment: "The parcel came broken", customerRef: "cust-42", channel: "email", tags: ["broken"], createdById: cast.users.member.id });
    expect(Number(row!.score)).toBe(1);
    expect(row!.receivedAt.toISOString()).toBe("2026-03-01T10:00:00.000Z"); // read in the company's zone (UTC)

    const good = await recordSignal({ actor: cast.actors.head, input: input({ scale: "nps", score: "9" }) });
    expect(good.followUpId).toBeNull();
    expect(await followUpOf(good.signalId)).toBeUndefined();

    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual(["signal.recorded", "signal.recorded"]);
    expect(events[0]).toMatchObject({ entityType: "signal", entityId: bad.signalId, actorId: cast.users.member.id });
    expect(events[0]!.after).toMatchObject({ stageId: owned, scale: "csat", hasComment: true, followUpId: bad.followUpId });
    expect(JSON.stringify(events)).not.toMatch(/parcel came broken|cust-42/);
    // The aggregates counted both by the database's triggers.
    const daily = await db().select().from(signalDaily).where(eq(signalDaily.stageId, owned));
    expect(daily.map((d) => [d.scale, d.signals, d.negative]).sort()).toEqual([["csat", 1, 1], ["nps", 1, 0]]);
  });

  it("routes a negative signal on an unowned stage to the CCOs' queue", async () => {
    const r = await recordSignal({ actor: cast.actors.cco, input: input({ stageId: unowned, scale: "nps", score: "2" }) });
    expect(await followUpOf(r.signalId)).toMatchObject({ departmentId: null, reason: "threshold" });
  });

  it("refuses an unknown or archived stage and a time in the future, writing nothing", async () => {
    const e1 = await expectRefused(db(), () => recordSignal({ actor: cast.actors.member, input: input({ stageId: crypto.randomUUID() }) }), "invalid");
    expect(e1.fieldErrors.stageId).toEqual(["That stage does not exist."]);
    const future = new Date(Date.now() + 60 * 60_000).toISOString();
    const e2 = await expectRefused(db(), () => recordSignal({ actor: cast.actors.member, input: input({ receivedAt: future }) }), "invalid");
    expect(e2.fieldErrors.receivedAt![0]).toMatch(/in the future/);
    // A little clock skew is allowed.
    await recordSignal({ actor: cast.actors.member, input: input({ receivedAt: new Date(Date.now() + 60_000).toISOString() }) });
    const { stageIds } = await makeJourney(cast.actors.cco, 1);
    await archiveStage({ actor: cast.actors.cco, stageId: stageIds[0]!, reason: "gone" });
    const e3 = await expectRefused(db(), () => recordSignal({ actor: cast.actors.member, input: input({ stageId: stageIds[0] }) }), "invalid");
    expect(e3.fieldErrors.stageId![0]).toMatch(/is archived/);
  });

  it("lets the CCO, heads and members record, and not executives or admins", async () => {
    await expectRefused(db(), () => recordSignal({ actor: cast.actors.executive, input: input() }), "forbidden");
    await expectRefused(db(), () => recordSignal({ actor: cast.actors.admin, input: input() }), "forbidden");
    await expectRefused(db(), () => recordSignalBatch({ actor: cast.actors.executive, input: { signals: [input()] } }), "forbidden");
    // A member of another department records on a stage their department does not own.
    expect((await recordSignal({ actor: owner.member, input: input({ stageId: unowned }) })).signalId).toBeTruthy();
  });

  it("the database refuses what the schema would (a score off its scale, a comment too long)", async () => {
    const row = { stageId: owned, source: "survey" as const, receivedAt: new Date() };
    await expect(db().insert(customerSignals).values({ ...row, scale: "csat", score: "5.5" })).rejects.toThrow();
    await expect(db().insert(customerSignals).values({ ...row, comment: "x".repeat(5001) })).rejects.toThrow();
    await expect(db().insert(customerSignals).values({ ...row, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).rejects.toThrow();
  });
});

describe("a batch", () => {
  const batch = (n: number, over: (i: number) => Record<string, unknown> = () => ({})) =>
    signalBatchSchema.parse({ signals: Array.from({ length: n }, (_, i) => ({ stageId: owned, source: "support", receivedAt: "2026-04-01T08:00:00Z", scale: "csat", score: i === 0 ? "1" : "5", ...over(i) })) });

  it("records all or nothing, with one summarising audit event and a follow-up per negative signal", async () => {
    const mark = await auditMark(db());
    const r = await recordSignalBatch({ actor: cast.actors.cco, input: batch(250, (i) => (i % 2 ? { comment: `Comment ${i}` } : {})) });
    expect(r).toMatchObject({ replayed: false, status: 201, data: { recorded: 250, followUpsOpened: 1 } });
    expect(r.data.signalIds).toHaveLength(250);
    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual(["signal.batch_recorded"]);
    expect(events[0]!.after).toEqual({ count: 250, stageIds: [owned], csat: 250, nps: 0, ces: 0, unscored: 0, withComment: 125, followUpsOpened: 1, idempotencyKey: null });
    expect(JSON.stringify(events[0])).not.toContain("Comment 1");

    const e = await expectRefused(db(), () => recordSignalBatch({ actor: cast.actors.cco, input: batch(3, (i) => (i === 2 ? { stageId: crypto.randomUUID() } : {})) }), "invalid");
    expect(e.fieldErrors).toEqual({ "signals.2.stageId": ["That stage does not exist."] });
  });

  it("under an Idempotency-Key, a retry answers the first result and records nothing again", async () => {
    const body = batch(5);
    const claim = { tokenId: await tokenId(), key: `k-${uniq()}`, operation: "recordSignals", requestHash: requestHash("recordSignals", body) };
    const count = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(customerSignals))[0]!.n;
    const before = await count();
    const first = await recordSignalBatch({ actor: cast.actors.cco, input: body, idempotency: claim });
    const again = await recordSignalBatch({ actor: cast.actors.cco, input: body, idempotency: claim });
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ replayed: true, status: 201, data: first.data });
    expect(await count()).toBe(before + 5);
    await expectRefused(db(), () => recordSignalBatch({ actor: cast.actors.cco, input: batch(6), idempotency: { ...claim, requestHash: requestHash("recordSignals", batch(6)) } }), "conflict", /already used with a different request/);
  });

  it("two concurrent requests with the same key record one set (truly parallel on PostgreSQL, queued on PGlite)", async () => {
    const body = batch(20);
    const claim = { tokenId: await tokenId(), key: `k-${uniq()}`, operation: "recordSignals", requestHash: requestHash("recordSignals", body) };
    const results = await Promise.all(Array.from({ length: 4 }, () => recordSignalBatch({ actor: cast.actors.cco, input: body, idempotency: claim })));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const ids = results[0]!.data.signalIds;
    for (const r of results) expect(r.data.signalIds).toEqual(ids);
    const rows = await db().select({ id: customerSignals.id }).from(customerSignals).where(sql`${customerSignals.id} = any(${sql.raw(`array[${ids.map((i) => `'${i}'::uuid`).join(",")}]`)})`);
    expect(rows).toHaveLength(20);
  });
});

let tokenCache: string | undefined;
async function tokenId() {
  if (tokenCache) return tokenCache;
  const { createPersonalToken } = await import("@/lib/api-tokens/commands");
  tokenCache = (await createPersonalToken({ actor: cast.actors.cco, input: { name: `T ${uniq()}`, readOnly: false, expiresIn: "30" } })).tokenId;
  return tokenCache;
}

describe("flagging and redacting", () => {
  it("a flag opens a 'flagged' follow-up with its note; a signal with a follow-up is not flagged twice", async () => {
    const { signalId } = await recordSignal({ actor: cast.actors.member, input: input({ comment: "Nobody called back" }) });
    const mark = await auditMark(db());
    const { followUpId } = await flagSignal({ actor: owner.member, input: { signalId, note: "Promised a call, none came" } });
    expect(await followUpOf(signalId)).toMatchObject({ id: followUpId, reason: "flagged", departmentId: owner.id, openedById: owner.member.id });
    const [ev] = await db().select().from(followUpEvents).where(eq(followUpEvents.followUpId, followUpId));
    expect(ev).toMatchObject({ kind: "opened", note: "Promised a call, none came" });
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.entityId])).toEqual([["signal.flagged", signalId]]);
    await expectRefused(db(), () => flagSignal({ actor: owner.member, input: { signalId, note: "again" } }), "conflict", /already has a follow-up/);
    await expectRefused(db(), () => flagSignal({ actor: cast.actors.executive, input: { signalId, note: "x" } }), "forbidden");
    await expectRefused(db(), () => flagSignal({ actor: cast.actors.cco, input: { signalId: crypto.randomUUID(), note: "x" } }), "not_found");
  });

  it("a redaction removes the text for good, keeps who, when and why, and never copies the text into the log", async () => {
    const { signalId } = await recordSignal({ actor: cast.actors.member, input: input({ scale: "ces", score: "6", comment: "Jane Doe at 12 High St was rude" }) });
    await expectRefused(db(), () => redactSignalComment({ actor: owner.head, input: { signalId, reason: "Names a person" } }), "forbidden");
    await expectRefused(db(), () => redactSignalComment({ actor: cast.actors.member, input: { signalId, reason: "Names a person" } }), "forbidden");
    const mark = await auditMark(db());
    await redactSignalComment({ actor: cast.actors.admin, input: { signalId, reason: "Names a person" } });
    const [row] = await db().select().from(customerSignals).where(eq(customerSignals.id, signalId));
    expect(row).toMatchObject({ comment: null, commentRemovedById: cast.users.admin.id, commentRemovedReason: "Names a person", scale: "ces" });
    expect(row!.commentRemovedAt).toBeInstanceOf(Date);
    expect(Number(row!.score)).toBe(6);
    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual(["signal.comment_redacted"]);
    expect(events[0]!.after).toEqual({ stageId: owned, hasComment: false, reason: "Names a person" });
    expect(JSON.stringify(events)).not.toContain("Jane Doe");
    await expectRefused(db(), () => redactSignalComment({ actor: cast.actors.cco, input: { signalId, reason: "again" } }), "conflict", /already removed/);
  });
});

describe("retention and settings", () => {
  it("the settings take the signal fields, validated, audited, and rebuild the aggregates when a threshold moves", async () => {
    const bad = updateSettingsSchema.safeParse({ disputeSlaDays: 10, staleCheckInDays: 14, negativeCsatMax: "5", negativeNpsMax: "x", negativeCesMax: "0", followUpSlaDays: "0", signalRetentionMonths: "121", measuredMinSample: "1.5" });
    expect(bad.success).toBe(false);
    const errors = zodFieldErrors(bad.error!);
    expect(errors.negativeCsatMax![0]).toMatch(/from 1 to below 5/);
    expect(errors.negativeNpsMax![0]).toMatch(/must be a number/);
    expect(errors.negativeCesMax![0]).toMatch(/from 1 to below 7/);
    expect(errors.followUpSlaDays).toEqual(["The follow-up service level must be at least 1 days."]);
    expect(errors.signalRetentionMonths).toEqual(["Comment retention must be at most 120 months."]);
    expect(errors.measuredMinSample).toEqual(["The minimum sample must be a whole number of signals."]);

    const negativeCsat = async () => (await db().select({ n: sql<number>`coalesce(sum(negative), 0)::int` }).from(signalDaily).where(and(eq(signalDaily.stageId, owned), eq(signalDaily.scale, "csat"))))[0]!.n;
    await recordSignal({ actor: cast.actors.member, input: input({ scale: "csat", score: "3" }) });
    const before = await negativeCsat();
    const mark = await auditMark(db());
    const parsed = updateSettingsSchema.parse({ disputeSlaDays: "10", staleCheckInDays: "14", timeZone: "UTC", negativeCsatMax: "4", negativeNpsMax: "6", negativeCesMax: "3", followUpSlaDays: "3", signalRetentionMonths: "", measuredMinSample: "20" });
    await updateSettings({ actor: cast.actors.admin, input: parsed });
    expect(await getSettings()).toMatchObject({ followUpSlaDays: 3, signalRetentionMonths: null, measuredMinSample: 20 });
    expect(Number((await getSettings()).negativeCsatMax)).toBe(4);
    expect(await negativeCsat()).toBe(before + 1); // the 3 is negative now; the 5s stay positive
    const [ev] = await auditSince(db(), mark);
    expect(ev).toMatchObject({ action: "settings.updated" });
    expect(ev!.after).toMatchObject({ followUpSlaDays: 3, measuredMinSample: 20, signalRetentionMonths: null });
    await expectRefused(db(), () => updateSettings({ actor: cast.actors.cco, input: parsed }), "forbidden");
    await updateSettings({ actor: cast.actors.admin, input: updateSettingsSchema.parse({ disputeSlaDays: "10", staleCheckInDays: "14", negativeCsatMax: "2" }) });
  });

  it("the retention job removes comments older than the retention period, keeps scores, and is safe to run twice", async () => {
    const old = await recordSignal({ actor: cast.actors.member, input: input({ receivedAt: "2023-01-15T09:00:00Z", scale: "nps", score: "10", comment: "Old praise" }) });
    const recent = await recordSignal({ actor: cast.actors.member, input: input({ receivedAt: new Date(Date.now() - 86_400_000).toISOString(), comment: "Fresh words" }) });
    // No retention set: nothing is removed.
    expect(await runJob("signals.retention", {})).toEqual({ removed: 0 });
    await updateSettings({ actor: cast.actors.admin, input: updateSettingsSchema.parse({ disputeSlaDays: "10", staleCheckInDays: "14", signalRetentionMonths: "12" }) });
    const mark = await auditMark(db());
    const first = (await runJob("signals.retention", {})) as { removed: number };
    expect(first.removed).toBeGreaterThanOrEqual(1);
    const [o] = await db().select().from(customerSignals).where(eq(customerSignals.id, old.signalId));
    expect(o).toMatchObject({ comment: null, commentRemovedReason: RETENTION_REASON, commentRemovedById: null, scale: "nps" });
    expect(Number(o!.score)).toBe(10);
    const [r] = await db().select().from(customerSignals).where(eq(customerSignals.id, recent.signalId));
    expect(r!.comment).toBe("Fresh words");
    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual(["signal.comments_expired"]);
    expect(events[0]!.after).toMatchObject({ count: first.removed, retentionMonths: 12 });
    expect(JSON.stringify(events)).not.toContain("Old praise");
    expect(await runJob("signals.retention", {})).toEqual({ removed: 0 });
    await db().update(settings).set({ signalRetentionMonths: null }).where(eq(settings.id, 1)).catch(() => undefined);
  });
});

export type { Actor };

describe("a stage's figures by period", () => {
  it("counts, averages, NPS and the negative share over the last 30, 90 or 365 days, or all time, from the aggregates", async () => {
    const { stageIds } = await makeJourney(cast.actors.cco, 1);
    const stageId = stageIds[0]!;
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const scores: [number, "csat" | "nps", string][] = [[10, "csat", "1"], [60, "csat", "5"], [200, "nps", "10"], [500, "csat", "2"]];
    await recordSignalBatch({ actor: cast.actors.cco, input: signalBatchSchema.parse({ signals: scores.map(([d, scale, score]) => ({ stageId, source: "survey", receivedAt: ago(d), scale, score })) }) });
    const today = todayIn("UTC");
    const since = (days: number) => addDays(today, -(days - 1));
    const figures = async (s: string | null) => {
      const f = await stageSignalSummary({ stageId, since: s });
      return { total: f.total, negative: f.negative, csat: f.scales.find((x) => x.scale === "csat")!.average, nps: f.scales.find((x) => x.scale === "nps")!.nps };
    };
    expect(await figures(null)).toEqual({ total: 4, negative: 2, csat: 2.7, nps: 100 });
    expect(await figures(since(30))).toEqual({ total: 1, negative: 1, csat: 1, nps: null });
    expect(await figures(since(90))).toEqual({ total: 2, negative: 1, csat: 3, nps: null });
    expect(await figures(since(365))).toEqual({ total: 3, negative: 1, csat: 3, nps: 100 });
    // The latest signals are the newest whatever the period.
    expect((await stageSignalSummary({ stageId, since: since(30) })).latest).toHaveLength(4);
  });
});
