import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, customerSignals, stages } from "@/db/schema";
import { openFollowUps } from "@/lib/follow-ups/open";
import { getJourneyCanvas, measuredEmotionByStage, openWorkByStage } from "@/lib/journeys/canvas";
import type { Actor } from "@/lib/auth/current-user";
import { archiveStage, placeStage, updateStageMap } from "@/lib/journeys/commands";
import { createJourneyFromTemplate, duplicateJourney } from "@/lib/journeys/copy";
import { stageMapSchema } from "@/lib/journeys/schemas";
import { STALE_ORDER } from "@/lib/journeys/commands";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { expectRefused, makeJourney, uniq } from "../helpers/ownership-fixtures";

// Issue 15, the journey canvas: a stage moved to any place (drag and drop, keyboard), and the
// phase, touchpoints and channels its lanes show.
const db = useTestDatabase();
let cco: Actor;
let head: Actor;

beforeAll(async () => {
  const cast = await makeCast(db());
  cco = cast.actors.cco;
  head = cast.actors.head;
});

const order = async (journeyId: string) =>
  (await db().select({ id: stages.id, position: stages.position }).from(stages).where(and(eq(stages.journeyId, journeyId), eq(stages.archived, false))).orderBy(asc(stages.position))).map(
    (s) => s.id,
  );

describe("placing a stage", () => {
  it("moves a stage later, shifting the ones between back by one, in one audited step", async () => {
    const { journeyId, stageIds } = await makeJourney(cco, 5);
    const [a, b, c, d, e] = stageIds;
    await placeStage({ actor: cco, stageId: a!, expectedPosition: 1, toPosition: 4 });
    expect(await order(journeyId)).toEqual([b, c, d, a, e]);
    const events = await db().select().from(auditEvents).where(and(eq(auditEvents.entityId, a!), eq(auditEvents.action, "stage.reordered")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: cco.id, before: { position: 1 }, after: { position: 4 } });
  });

  it("moves a stage earlier, shifting the ones between on by one", async () => {
    const { journeyId, stageIds } = await makeJourney(cco, 5);
    const [a, b, c, d, e] = stageIds;
    await placeStage({ actor: cco, stageId: e!, expectedPosition: 5, toPosition: 2 });
    expect(await order(journeyId)).toEqual([a, e, b, c, d]);
    await placeStage({ actor: cco, stageId: c!, expectedPosition: 4, toPosition: 1 });
    expect(await order(journeyId)).toEqual([c, a, e, b, d]);
  });

  it("keeps positions 1…n with no gap after many moves", async () => {
    const { journeyId, stageIds } = await makeJourney(cco, 6);
    const moves: [number, number][] = [[1, 6], [6, 1], [3, 5], [2, 4], [5, 2]];
    const expected = [...stageIds];
    for (const [from, to] of moves) {
      await placeStage({ actor: cco, stageId: expected[from - 1]!, expectedPosition: from, toPosition: to });
      const [moved] = expected.splice(from - 1, 1);
      expected.splice(to - 1, 0, moved!);
    }
    expect(await order(journeyId)).toEqual(expected);
    const positions = (await db().select({ p: stages.position }).from(stages).where(and(eq(stages.journeyId, journeyId), eq(stages.archived, false)))).map((r) => r.p).sort((x, y) => x - y);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("refuses a stale position, a place past the end and anyone but the CCO, writing nothing", async () => {
    const { stageIds } = await makeJourney(cco, 3);
    await expectRefused(db(), () => placeStage({ actor: cco, stageId: stageIds[1]!, expectedPosition: 1, toPosition: 3 }), "stale", STALE_ORDER);
    const past = await expectRefused(db(), () => placeStage({ actor: cco, stageId: stageIds[0]!, expectedPosition: 1, toPosition: 4 }), "invalid");
    expect(past.fieldErrors).toEqual({ toPosition: ["Choose a place from 1 to 3."] });
    await expectRefused(db(), () => placeStage({ actor: head, stageId: stageIds[0]!, expectedPosition: 1, toPosition: 2 }), "forbidden");
  });

  it("a move to where the stage already is changes nothing and records nothing", async () => {
    const { journeyId, stageIds } = await makeJourney(cco, 2);
    await placeStage({ actor: cco, stageId: stageIds[1]!, expectedPosition: 2, toPosition: 2 });
    expect(await order(journeyId)).toEqual(stageIds);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.entityId, stageIds[1]!), eq(auditEvents.action, "stage.reordered")))).toHaveLength(0);
  });
});

describe("a stage's phase, touchpoints and channels", () => {
  it("reads lists typed with commas or lines, dropping blanks and repeats", () => {
    const parsed = stageMapSchema.parse({ stageId: crypto.randomUUID(), phase: "  Buy ", touchpoints: "Checkout,\n invoice ,, Invoice\n", channels: "" });
    expect(parsed).toMatchObject({ phase: "Buy", touchpoints: ["Checkout", "invoice"], channels: [] });
  });

  it("names every problem: a long phase, a long touchpoint, too many channels", () => {
    const result = stageMapSchema.safeParse({ stageId: crypto.randomUUID(), phase: "x".repeat(61), touchpoints: `Short, ${"y".repeat(81)}`, channels: Array.from({ length: 21 }, (_, i) => `C${i}`).join(",") });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(fields).toEqual([
      ["phase", "Phase must be at most 60 characters."],
      ["touchpoints", expect.stringMatching(/^Each touchpoint must be at most 80 characters/)],
      ["channels", "List at most 20 channels (there are 21)."],
    ]);
  });

  it("saves them with a stage.updated event that shows before and after", async () => {
    const { stageIds } = await makeJourney(cco, 1);
    await updateStageMap({ actor: cco, input: { stageId: stageIds[0]!, phase: "Use", touchpoints: ["Help centre"], channels: ["Chat", "Phone"] } });
    const [row] = await db().select().from(stages).where(eq(stages.id, stageIds[0]!));
    expect(row).toMatchObject({ phase: "Use", touchpoints: ["Help centre"], channels: ["Chat", "Phone"] });
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.entityId, stageIds[0]!), eq(auditEvents.action, "stage.updated")));
    expect(event).toMatchObject({ before: { phase: "", touchpoints: [], channels: [] }, after: { phase: "Use", touchpoints: ["Help centre"], channels: ["Chat", "Phone"] } });
    await expectRefused(db(), () => updateStageMap({ actor: head, input: { stageId: stageIds[0]!, phase: "", touchpoints: [], channels: [] } }), "forbidden");
  });

  it("the database refuses what the form would: a padded phase, a missing item, too many touchpoints", async () => {
    const { stageIds } = await makeJourney(cco, 1);
    const id = stageIds[0]!;
    await expect(db().update(stages).set({ phase: " Buy" }).where(eq(stages.id, id))).rejects.toThrow();
    await expect(db().update(stages).set({ touchpoints: Array.from({ length: 21 }, (_, i) => `T${i}`) }).where(eq(stages.id, id))).rejects.toThrow();
    await expect(db().update(stages).set({ channels: ["Web", null as unknown as string] }).where(eq(stages.id, id))).rejects.toThrow();
  });

  it("templates lay out phases, touchpoints and channels, and a duplicate keeps them", async () => {
    const { journeyId } = (await createJourneyFromTemplate({ actor: cco, input: { templateId: "word-of-mouth", name: `WoM ${uniq()}`, segment: "", description: "", status: "draft" } }))!;
    const laid = await db().select().from(stages).where(eq(stages.journeyId, journeyId)).orderBy(asc(stages.position));
    expect(laid.map((s) => s.phase)).toEqual(["Discover", "Discover", "Buy", "Buy", "Use", "Use", "Recommend"]);
    expect(laid[5]).toMatchObject({ name: "Customer service", channels: ["Chat", "Phone", "Email"] });
    const { journeyId: copyId } = (await duplicateJourney({ actor: cco, input: { journeyId, name: `Copy ${uniq()}`, withOwners: false } }))!;
    const copied = await db().select().from(stages).where(eq(stages.journeyId, copyId)).orderBy(asc(stages.position));
    expect(copied.map((s) => [s.phase, s.touchpoints, s.channels])).toEqual(laid.map((s) => [s.phase, s.touchpoints, s.channels]));
  });
});

describe("what the canvas measures", () => {
  it("averages the last 90 days' scores of every scale on −2…+2 per stage, marks a thin sample, and counts open follow-ups", async () => {
    const { journeyId, stageIds } = await makeJourney(cco, 3);
    const [a, b, c] = stageIds;
    const now = Date.now();
    const day = 86_400_000;
    const rows = [
      // Stage a: CSAT 5 and 4 and NPS 0 → (2 + 1 − 2) / 3.
      { stageId: a!, scale: "csat" as const, score: "5", receivedAt: new Date(now - day) },
      { stageId: a!, scale: "csat" as const, score: "4", receivedAt: new Date(now - 2 * day) },
      { stageId: a!, scale: "nps" as const, score: "0", receivedAt: new Date(now - 3 * day) },
      // Older than the window: left out.
      { stageId: a!, scale: "csat" as const, score: "1", receivedAt: new Date(now - 120 * day) },
      // Stage b: an unscored signal only.
      { stageId: b!, scale: null, score: null, receivedAt: new Date(now - day) },
    ];
    const inserted = await db()
      .insert(customerSignals)
      .values(rows.map((r) => ({ ...r, source: "survey" as const })))
      .returning({ id: customerSignals.id, stageId: customerSignals.stageId });
    await db().transaction((tx) => openFollowUps(tx, [inserted[2]!], { reason: "flagged", actorId: cco.id, note: "Detractor" }));

    const tz = "UTC";
    const measured = await measuredEmotionByStage([a!, b!, c!], tz);
    expect(measured.get(a!)!.sample).toBe(3);
    expect(measured.get(a!)!.score).toBeCloseTo(1 / 3, 2);
    expect(measured.get(a!)!.thin).toBe(true);
    expect(measured.get(b!)).toEqual({ score: null, sample: 0, thin: true });
    expect(measured.get(c!)).toEqual({ score: null, sample: 0, thin: true });
    // Today's board reads them by journey, beside its stages: the same figures for the stages
    // with a score, and no entry (read as no score) for the others.
    expect(await measuredEmotionByStage({ liveStagesOf: journeyId }, tz)).toEqual(new Map([[a!, measured.get(a!)!]]));

    const work = await openWorkByStage([a!, b!, c!]);
    expect(work.get(a!)).toEqual({ openFollowUps: 1, overdueFollowUps: 0 });
    expect(work.get(b!)).toBeUndefined();

    const { stages: canvas } = await getJourneyCanvas(journeyId, tz);
    expect(canvas.map((s) => s.id)).toEqual([a, b, c]);
    expect(canvas[0]!.work.openFollowUps).toBe(1);
    expect(canvas[0]!.measured.sample).toBe(3);
    expect(canvas[2]!.flags).toContain("unowned");

    // An archived stage is no longer the journey's: its scores stay, but not on the board.
    await archiveStage({ actor: cco, stageId: a! });
    expect(await measuredEmotionByStage({ liveStagesOf: journeyId }, tz)).toEqual(new Map());
    expect((await measuredEmotionByStage([a!], tz)).get(a!)!.sample).toBe(3);
  });
});
