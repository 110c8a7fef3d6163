import { and, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { customerSignals, followUps, signalDaily, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden } from "@/lib/errors";
import { exactInstant } from "@/lib/keyset";
import { can } from "@/lib/permissions";
import { endOfDay, startOfDay } from "@/lib/time";
import type { SignalListFilter } from "./schemas";

export type SignalRow = {
  id: string;
  stageId: string;
  source: "survey" | "support" | "review" | "interview" | "other";
  receivedAt: Date;
  scale: "csat" | "nps" | "ces" | null;
  score: string | null;
  /** Null when there was none, or when it was removed (then `commentRemoved` says when and why). */
  comment: string | null;
  commentRemoved: { at: Date; reason: string } | null;
  customerRef: string | null;
  channel: string;
  tags: string[];
  createdByName: string | null;
  followUp: { id: string; status: string; reason: string } | null;
};

const columns = {
  id: customerSignals.id,
  stageId: customerSignals.stageId,
  source: customerSignals.source,
  receivedAt: customerSignals.receivedAt,
  scale: customerSignals.scale,
  score: customerSignals.score,
  comment: customerSignals.comment,
  commentRemovedAt: customerSignals.commentRemovedAt,
  commentRemovedReason: customerSignals.commentRemovedReason,
  customerRef: customerSignals.customerRef,
  channel: customerSignals.channel,
  tags: customerSignals.tags,
  createdByName: users.name,
  followUpId: followUps.id,
  followUpStatus: followUps.status,
  followUpReason: followUps.reason,
};

type Raw = { [K in keyof typeof columns]: unknown };
const toRow = (r: Raw): SignalRow => ({
  id: r.id as string,
  stageId: r.stageId as string,
  source: r.source as SignalRow["source"],
  receivedAt: r.receivedAt as Date,
  scale: r.scale as SignalRow["scale"],
  score: r.score as string | null,
  comment: r.comment as string | null,
  commentRemoved: r.commentRemovedAt ? { at: r.commentRemovedAt as Date, reason: (r.commentRemovedReason as string) ?? "" } : null,
  customerRef: r.customerRef as string | null,
  channel: r.channel as string,
  tags: r.tags as string[],
  createdByName: r.createdByName as string | null,
  followUp: r.followUpId ? { id: r.followUpId as string, status: r.followUpStatus as string, reason: r.followUpReason as string } : null,
});

/**
 * Signals matching the filter, newest received first (ties by id), a page at a time by keyset:
 * the page starts after the row `after` (its received-at exact to the microsecond, and its id),
 * so reading a million signals costs the same per page at the end as at the start, and rows
 * arriving meanwhile never shift a page. Returns the page, the filter's total, and the key of
 * the page's last row when more follow.
 */
export async function listSignals({
  actor,
  filter,
  timeZone,
  after = null,
  limit,
}: {
  actor: Actor;
  filter: SignalListFilter;
  timeZone: string;
  after?: { at: string; id: string } | null;
  limit: number;
}): Promise<{ rows: SignalRow[]; total: number; next: { at: string; id: string } | null }> {
  if (!can(actor.role, "app.view")) throw forbidden();
  const db = await getDb();
  const where: SQL[] = [];
  if (filter.stageId) where.push(eq(customerSignals.stageId, filter.stageId));
  if (filter.from) where.push(gte(customerSignals.receivedAt, startOfDay(filter.from, timeZone)));
  if (filter.to) where.push(lt(customerSignals.receivedAt, endOfDay(filter.to, timeZone)));
  const cond = where.length ? and(...where) : undefined;
  const bound = after ? sql`(${customerSignals.receivedAt}, ${customerSignals.id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : undefined;
  const [total, raw] = await Promise.all([
    db.select({ n: count() }).from(customerSignals).where(cond).then((r) => r[0]!.n),
    db
      .select({ ...columns, cursorAt: sql<string>`${exactInstant(sql`${customerSignals.receivedAt}`)}` })
      .from(customerSignals)
      .leftJoin(users, eq(users.id, customerSignals.createdById))
      .leftJoin(followUps, eq(followUps.signalId, customerSignals.id))
      .where(and(cond, bound))
      .orderBy(desc(customerSignals.receivedAt), desc(customerSignals.id))
      .limit(limit + 1),
  ]);
  const page = raw.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page.map(toRow), total, next: raw.length > limit && last ? { at: last.cursorAt, id: last.id as string } : null };
}

export type StageSignalSummary = {
  total: number;
  negative: number;
  /** Per scale: how many scored signals and their average (null when none). */
  scales: { scale: "csat" | "nps" | "ces"; signals: number; average: number | null; nps: number | null }[];
  latest: SignalRow[];
};

/**
 * A stage's signals at a glance for its page: counts from the per-day aggregates (never the raw
 * rows), all time or from the day `since` (the company's calendar), and the latest few signals.
 * Two queries whatever the volume.
 */
export async function stageSignalSummary({ stageId, latest = 5, since = null }: { stageId: string; latest?: number; since?: string | null }): Promise<StageSignalSummary> {
  const db = await getDb();
  const [totals, rows] = await Promise.all([
    db
      .select({
        scale: signalDaily.scale,
        signals: sql<number>`sum(${signalDaily.signals})::int`,
        scoreSum: sql<string>`sum(${signalDaily.scoreSum})`,
        negative: sql<number>`sum(${signalDaily.negative})::int`,
        promoters: sql<number>`sum(${signalDaily.promoters})::int`,
        detractors: sql<number>`sum(${signalDaily.detractors})::int`,
      })
      .from(signalDaily)
      .where(and(eq(signalDaily.stageId, stageId), since ? gte(signalDaily.day, since) : undefined))
      .groupBy(signalDaily.scale),
    db
      .select(columns)
      .from(customerSignals)
      .leftJoin(users, eq(users.id, customerSignals.createdById))
      .leftJoin(followUps, eq(followUps.signalId, customerSignals.id))
      .where(eq(customerSignals.stageId, stageId))
      .orderBy(desc(customerSignals.receivedAt), desc(customerSignals.id))
      .limit(latest),
  ]);
  const scales = (["csat", "nps", "ces"] as const).map((scale) => {
    const t = totals.find((x) => x.scale === scale);
    const n = t?.signals ?? 0;
    return {
      scale,
      signals: n,
      average: n ? Math.round((Number(t!.scoreSum) / n) * 10) / 10 : null,
      nps: scale === "nps" && n ? Math.round(((t!.promoters - t!.detractors) / n) * 100) : null,
    };
  });
  return {
    total: totals.reduce((a, t) => a + t.signals, 0),
    negative: totals.reduce((a, t) => a + t.negative, 0),
    scales,
    latest: rows.map(toRow),
  };
}
