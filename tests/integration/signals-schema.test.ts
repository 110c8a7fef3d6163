import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { customerSignals, followUpEvents, followUps, settings, signalDaily } from "@/db/schema";
import { openFollowUpsForNegativeSignals } from "@/lib/follow-ups/open";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { makeJourney } from "../helpers/ownership-fixtures";

// Migration 0020: the database keeps each stage's per-day signal aggregates current whoever
// writes signals, checks every score against its scale, and refuses to move a counted signal.
const db = useTestDatabase();
let stageId: string;
beforeAll(async () => {
  const cast = await makeCast(db());
  stageId = (await makeJourney(cast.actors.cco, 1)).stageIds[0]!;
});

const daily = async () =>
  (await db().select().from(signalDaily).where(eq(signalDaily.stageId, stageId)).orderBy(signalDaily.day, signalDaily.scale)).map((d) => ({
    day: d.day,
    scale: d.scale,
    signals: d.signals,
    sum: Number(d.scoreSum),
    negative: d.negative,
    promoters: d.promoters,
    detractors: d.detractors,
  }));
/** An error's message and its causes' (the driver wraps the database's). */
const messages = (e: unknown) => {
  const all: string[] = [];
  for (let cur = e; cur && typeof cur === "object"; cur = (cur as { cause?: unknown }).cause) all.push(String((cur as Error).message));
  return all.join(" | ");
};
const signal = (receivedAt: string, scale: "csat" | "nps" | "ces" | null, score: string | null) => ({ stageId, source: "survey" as const, receivedAt: new Date(receivedAt), scale, score });

describe("signal aggregates and checks (migration 0020)", () => {
  it("counts inserts per stage, day and scale, with negatives by the thresholds and NPS promoters and detractors", async () => {
    await db().insert(customerSignals).values([
      signal("2026-03-01T10:00:00Z", "nps", "10"),
      signal("2026-03-01T11:00:00Z", "nps", "3"),
      signal("2026-03-01T12:00:00Z", "nps", "8"),
      signal("2026-03-01T12:30:00Z", "csat", "2"),
      signal("2026-03-02T09:00:00Z", "csat", "5"),
      signal("2026-03-02T09:30:00Z", null, null),
    ]);
    expect(await daily()).toEqual([
      { day: "2026-03-01", scale: "csat", signals: 1, sum: 2, negative: 1, promoters: 0, detractors: 0 },
      { day: "2026-03-01", scale: "nps", signals: 3, sum: 21, negative: 1, promoters: 1, detractors: 1 },
      { day: "2026-03-02", scale: "csat", signals: 1, sum: 5, negative: 0, promoters: 0, detractors: 0 },
      { day: "2026-03-02", scale: "none", signals: 1, sum: 0, negative: 0, promoters: 0, detractors: 0 },
    ]);
  });

  it("takes deleted signals off, and lets a comment be removed without touching the counts", async () => {
    const [s] = await db().insert(customerSignals).values({ ...signal("2026-03-02T10:00:00Z", "csat", "1"), comment: "Rude driver" }).returning();
    expect((await daily()).find((d) => d.day === "2026-03-02" && d.scale === "csat")).toMatchObject({ signals: 2, sum: 6, negative: 1 });
    await db().update(customerSignals).set({ comment: null, commentRemovedAt: new Date(), commentRemovedReason: "Names a person" }).where(eq(customerSignals.id, s!.id));
    expect((await daily()).find((d) => d.day === "2026-03-02" && d.scale === "csat")).toMatchObject({ signals: 2, sum: 6, negative: 1 });
    await db().delete(customerSignals).where(eq(customerSignals.id, s!.id));
    expect((await daily()).find((d) => d.day === "2026-03-02" && d.scale === "csat")).toMatchObject({ signals: 1, sum: 5, negative: 0 });
  });

  it("refuses a score outside its scale, a score without a scale, and a change to a counted field", async () => {
    const before = await daily();
    await expect(db().insert(customerSignals).values(signal("2026-03-03T10:00:00Z", "csat", "6"))).rejects.toThrow();
    await expect(db().insert(customerSignals).values(signal("2026-03-03T10:00:00Z", "nps", "-1"))).rejects.toThrow();
    await expect(db().insert(customerSignals).values(signal("2026-03-03T10:00:00Z", "ces", "8"))).rejects.toThrow();
    await expect(db().insert(customerSignals).values(signal("2026-03-03T10:00:00Z", null, "3"))).rejects.toThrow();
    await expect(db().insert(customerSignals).values({ ...signal("2026-03-03T10:00:00Z", null, null), comment: "" })).rejects.toThrow();
    const [s] = await db().select().from(customerSignals).where(eq(customerSignals.stageId, stageId)).limit(1);
    const moved = await db().update(customerSignals).set({ score: "4" }).where(eq(customerSignals.id, s!.id)).then(() => null, (e: unknown) => e);
    expect(messages(moved)).toMatch(/cannot change/);
    expect(await daily()).toEqual(before);
  });

  it("rebuilds the aggregates with new thresholds", async () => {
    await db().update(settings).set({ negativeNpsMax: "8" }).where(eq(settings.id, 1));
    try {
      await db().execute(sql`select refresh_signal_daily()`);
      expect((await daily()).find((d) => d.day === "2026-03-01" && d.scale === "nps")).toMatchObject({ signals: 3, negative: 2 });
    } finally {
      await db().update(settings).set({ negativeNpsMax: "6" }).where(eq(settings.id, 1));
      await db().execute(sql`select refresh_signal_daily()`);
    }
    expect((await daily()).find((d) => d.day === "2026-03-01" && d.scale === "nps")).toMatchObject({ signals: 3, negative: 1 });
  });
});

describe("opening follow-ups for negative signals", () => {
  it("opens one per negative signal, owned by nobody on an unowned stage, due after the service level, and never twice", async () => {
    const rows = await db()
      .insert(customerSignals)
      .values([signal("2026-04-01T10:00:00Z", "nps", "6"), signal("2026-04-01T10:00:00Z", "nps", "7"), signal("2026-04-01T10:00:00Z", "csat", "1"), signal("2026-04-01T10:00:00Z", null, null)])
      .returning();
    const intake = rows.map((r) => ({ id: r.id, stageId: r.stageId, scale: r.scale, score: r.score }));
    const opened = await db().transaction((tx) => openFollowUpsForNegativeSignals(tx, intake, null));
    expect(opened).toHaveLength(2);
    expect(opened.every((f) => f.departmentId === null && f.stageId === stageId)).toBe(true);
    const [due] = await db().select({ days: sql<number>`extract(epoch from ${followUps.dueAt} - ${followUps.createdAt}) / 86400` }).from(followUps).where(eq(followUps.id, opened[0]!.id));
    expect(Math.round(Number(due!.days))).toBe(5);
    const events = await db().select().from(followUpEvents).where(inArray(followUpEvents.followUpId, opened.map((f) => f.id)));
    expect(events.map((e) => e.kind)).toEqual(["opened", "opened"]);
    expect(await db().transaction((tx) => openFollowUpsForNegativeSignals(tx, intake, null))).toEqual([]);
  });
});
