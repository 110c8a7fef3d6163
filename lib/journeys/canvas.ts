import { and, inArray, ne, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { followUps, signalDaily } from "@/db/schema";
import { getSettings } from "@/lib/settings";
import { addDays, todayIn, type IsoDate } from "@/lib/time";
import { goalSummaryByStage, stageIdsSql, type StagesOf } from "@/lib/goals/queries";
import type { CanvasStage, MeasuredEmotion, StageWork } from "./canvas-model";
import { getJourneyBoard, type JourneyBoard } from "./queries";

export type { MeasuredEmotion, StageWork } from "./canvas-model";

/** How far back the canvas measures the customer's emotion. */
export const MEASURED_WINDOW_DAYS = 90;

// Each scale's score mapped linearly onto −2…+2: CSAT 1–5, NPS 0–10, CES 1–7 (higher is
// easier, the same direction the negative thresholds read).
const SCALE_NORMALISE = {
  csat: { mid: 3, half: 2 },
  nps: { mid: 5, half: 5 },
  ces: { mid: 4, half: 3 },
} as const;

/** Normalises a scale's score sum over n signals to its contribution on −2…+2 (summed, not yet averaged). */
export function normalisedSum(scale: keyof typeof SCALE_NORMALISE, scoreSum: number, n: number): number {
  const { mid, half } = SCALE_NORMALISE[scale];
  return ((scoreSum - mid * n) / half) * 2;
}

/**
 * The customer's measured emotion per stage over the last {@link MEASURED_WINDOW_DAYS} days, from
 * the per-stage-per-day aggregates (never the raw signals): every scored signal counts once,
 * whatever its scale, after each scale is mapped onto the CCO's −2…+2.
 */
export async function measuredEmotionByStage(stages: StagesOf, timeZone: string): Promise<Map<string, MeasuredEmotion>> {
  const out = new Map<string, MeasuredEmotion>();
  if (Array.isArray(stages) && !stages.length) return out;
  const db = await getDb();
  const since: IsoDate = addDays(todayIn(timeZone), -(MEASURED_WINDOW_DAYS - 1));
  const [rows, { measuredMinSample: minSample }] = await Promise.all([
    db
      .select({ stageId: signalDaily.stageId, scale: signalDaily.scale, n: sql<number>`sum(${signalDaily.signals})::int`, total: sql<string>`sum(${signalDaily.scoreSum})` })
      .from(signalDaily)
      .where(and(sql`${signalDaily.stageId} in (${stageIdsSql(stages)})`, ne(signalDaily.scale, "none"), sql`${signalDaily.day} >= ${since}`))
      .groupBy(signalDaily.stageId, signalDaily.scale),
    // The page's own settings read (cached per render), not a query of its own.
    getSettings(),
  ]);
  const acc = new Map<string, { sum: number; n: number }>();
  for (const r of rows) {
    if (!(r.scale in SCALE_NORMALISE) || !r.n) continue;
    const a = acc.get(r.stageId) ?? { sum: 0, n: 0 };
    a.sum += normalisedSum(r.scale as keyof typeof SCALE_NORMALISE, Number(r.total), r.n);
    a.n += r.n;
    acc.set(r.stageId, a);
  }
  // A journey's stages come with no list: those without a score in the window are left out,
  // which readers take as no score, as they do an id given here with none.
  for (const id of Array.isArray(stages) ? stages : acc.keys()) {
    const a = acc.get(id);
    const sample = a?.n ?? 0;
    out.set(id, { score: a && a.n ? Math.round((a.sum / a.n) * 100) / 100 : null, sample, thin: sample < minSample });
  }
  return out;
}

/** Open (and overdue) follow-ups per stage, for the canvas's work lane. */
export async function openWorkByStage(stageIds: string[]): Promise<Map<string, StageWork>> {
  const out = new Map<string, StageWork>();
  if (!stageIds.length) return out;
  const db = await getDb();
  const rows = await db
    .select({
      stageId: followUps.stageId,
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${followUps.dueAt} < now()))::int`,
    })
    .from(followUps)
    .where(and(inArray(followUps.stageId, stageIds), ne(followUps.status, "closed")))
    .groupBy(followUps.stageId);
  for (const r of rows) out.set(r.stageId, { openFollowUps: r.open, overdueFollowUps: r.overdue });
  return out;
}

/** Everything the canvas shows for a journey's live stages, in a fixed number of queries. */
export async function getJourneyCanvas(journeyId: string, timeZone: string): Promise<{ board: JourneyBoard; stages: CanvasStage[] }> {
  const board = await getJourneyBoard({ journeyId });
  const ids = board.stages.map((s) => s.id);
  const [goals, measured, work] = await Promise.all([goalSummaryByStage(ids), measuredEmotionByStage(ids, timeZone), openWorkByStage(ids)]);
  const stages = board.stages.map(
    (s): CanvasStage => ({
      id: s.id,
      position: s.position,
      name: s.name,
      phase: s.phase,
      customerGoal: s.customerGoal,
      emotionScore: s.emotionScore,
      touchpoints: s.touchpoints,
      channels: s.channels,
      accountable: s.accountable
        ? { departmentId: s.accountable.departmentId, departmentName: s.accountable.departmentName, personId: s.accountable.personId, personName: s.accountable.personName }
        : null,
      raci: s.raci,
      flags: s.flags,
      pendingHandoffTo: s.pendingHandoff?.toDepartmentName ?? null,
      goals: goals.get(s.id),
      measured: measured.get(s.id) ?? { score: null, sample: 0, thin: true },
      work: work.get(s.id) ?? { openFollowUps: 0, overdueFollowUps: 0 },
    }),
  );
  return { board, stages };
}
