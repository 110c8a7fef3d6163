import { and, eq, isNotNull, sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { checkIns, goals, settings } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { getTimeZone } from "@/lib/settings";
import { addDays, todayIn, type IsoDate } from "@/lib/time";
import { inTransaction } from "@/lib/tx";
import { notifyIfNewlyOffTrack } from "./commands";
import type { SignalMetric } from "./schemas";

/** The trailing window a bound goal's automatic check-in is computed over. */
export const SIGNAL_CHECK_IN_WINDOW_DAYS = 30;

export const SIGNAL_METRIC_LABELS: Record<SignalMetric, string> = {
  csat_average: "Average CSAT (1–5)",
  nps: "NPS (promoters − detractors, −100…100)",
  ces_average: "Average CES (1–7)",
  negative_share: "Share of negative signals (%)",
};

type Totals = { signals: number; scoreSum: number; promoters: number; detractors: number; negative: number };

/** A signal metric's value from a stage's daily totals per scale; null without a sample. */
export function signalMetricValue(metric: SignalMetric, byScale: Partial<Record<"csat" | "nps" | "ces" | "none", Totals>>): { value: number; sample: number } | null {
  const t = (s: "csat" | "nps" | "ces") => byScale[s] ?? { signals: 0, scoreSum: 0, promoters: 0, detractors: 0, negative: 0 };
  switch (metric) {
    case "csat_average":
    case "ces_average": {
      const x = t(metric === "csat_average" ? "csat" : "ces");
      return x.signals ? { value: round(x.scoreSum / x.signals), sample: x.signals } : null;
    }
    case "nps": {
      const x = t("nps");
      return x.signals ? { value: round(((x.promoters - x.detractors) / x.signals) * 100), sample: x.signals } : null;
    }
    case "negative_share": {
      // Of the scored signals (an unscored one is never negative by threshold).
      const all = (["csat", "nps", "ces"] as const).reduce((a, s) => ({ n: a.n + t(s).signals, neg: a.neg + t(s).negative }), { n: 0, neg: 0 });
      return all.n ? { value: round((all.neg / all.n) * 100), sample: all.n } : null;
    }
  }
}

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * One automatic check-in per active goal bound to a customer-signal metric, dated today (the
 * company's day), computed from the stage's daily aggregates of the last
 * {@link SIGNAL_CHECK_IN_WINDOW_DAYS} days. A goal whose stage had no scored signal in the window
 * gets none (health then says so). Safe to run twice: each goal is locked and skipped when it has
 * today's automatic check-in already. The off-track notice follows as for a typed check-in.
 */
export async function runSignalCheckIns(now = new Date()): Promise<{ recorded: number }> {
  const db = await getDb();
  const timeZone = await getTimeZone();
  const today: IsoDate = todayIn(timeZone, now);
  const since = addDays(today, -(SIGNAL_CHECK_IN_WINDOW_DAYS - 1));
  const bound = await db.select({ id: goals.id }).from(goals).where(and(eq(goals.status, "active"), isNotNull(goals.signalMetric)));
  const [cfg] = await db.select({ minSample: settings.measuredMinSample }).from(settings).limit(1);
  let recorded = 0;
  for (const { id } of bound) {
    const done = await inTransaction(async (tx) => {
      const [g] = await tx.select().from(goals).where(eq(goals.id, id)).for("update");
      if (!g || g.status !== "active" || !g.signalMetric) return false;
      const [existing] = await tx
        .select({ id: checkIns.id })
        .from(checkIns)
        .where(and(eq(checkIns.goalId, id), eq(checkIns.automatic, true), eq(checkIns.measuredOn, today)));
      if (existing) return false;
      const rows = resultRows<{ scale: string; signals: number; score_sum: string; promoters: number; detractors: number; negative: number }>(
        await tx.execute(sql`
          select scale, sum(signals)::int as signals, sum(score_sum) as score_sum, sum(promoters)::int as promoters,
                 sum(detractors)::int as detractors, sum(negative)::int as negative
          from signal_daily where stage_id = ${g.stageId} and day >= ${since}::date and day <= ${today}::date
          group by scale`),
      );
      const byScale = Object.fromEntries(
        rows.map((r) => [r.scale, { signals: r.signals, scoreSum: Number(r.score_sum), promoters: r.promoters, detractors: r.detractors, negative: r.negative }]),
      );
      const m = signalMetricValue(g.signalMetric, byScale);
      if (!m) return false;
      const previous = g.latestValue;
      const note = `Computed from ${m.sample} ${m.sample === 1 ? "signal" : "signals"} of the last ${SIGNAL_CHECK_IN_WINDOW_DAYS} days (${SIGNAL_METRIC_LABELS[g.signalMetric]}).`;
      const confidence = m.sample >= (cfg?.minSample ?? 10) ? "high" : "low";
      const [ci] = await tx
        .insert(checkIns)
        .values({ goalId: id, value: String(m.value), confidence, note, measuredOn: today, automatic: true, authorId: null })
        .returning();
      await tx.update(goals).set({ staleNotifiedAt: null, staleEscalatedAt: null }).where(eq(goals.id, id));
      await recordAudit(tx, {
        actorId: null,
        action: "check_in.recorded",
        entityType: "check_in",
        entityId: ci!.id,
        after: { goalId: id, value: ci!.value, confidence: ci!.confidence, note: ci!.note, measuredOn: ci!.measuredOn, automatic: true },
      });
      await notifyIfNewlyOffTrack(tx, g, previous, null, today);
      return true;
    });
    if (done) recorded++;
  }
  return { recorded };
}
