import { eq, sql } from "drizzle-orm";
import { cache } from "react";
import { getDb } from "@/db/client";
import { settings } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { DEFAULT_TIME_ZONE, isTimeZone } from "@/lib/time";
import type { UpdateSettingsInput } from "./schemas";

export type SignalSettings = {
  negativeCsatMax: string;
  negativeNpsMax: string;
  negativeCesMax: string;
  followUpSlaDays: number;
  signalRetentionMonths: number | null;
  measuredMinSample: number;
};
export type OrgSettings = { disputeSlaDays: number; staleCheckInDays: number; timeZone: string; updatedAt: Date } & SignalSettings;

const SIGNAL_DEFAULTS: SignalSettings = { negativeCsatMax: "2", negativeNpsMax: "6", negativeCesMax: "3", followUpSlaDays: 5, signalRetentionMonths: null, measuredMinSample: 10 };
const DEFAULTS: OrgSettings = { disputeSlaDays: 10, staleCheckInDays: 14, timeZone: DEFAULT_TIME_ZONE, updatedAt: new Date(0), ...SIGNAL_DEFAULTS };
const signalSettingsOf = (s: typeof settings.$inferSelect): SignalSettings => ({
  negativeCsatMax: s.negativeCsatMax,
  negativeNpsMax: s.negativeNpsMax,
  negativeCesMax: s.negativeCesMax,
  followUpSlaDays: s.followUpSlaDays,
  signalRetentionMonths: s.signalRetentionMonths,
  measuredMinSample: s.measuredMinSample,
});

/**
 * Read once per page render: the layout, the page and the lib/ reads under it (time zone, health
 * context, measured minimum sample) all ask, and each ask was its own query (a board made four).
 * React's cache() is scoped to one server render; outside one (server actions, route handlers,
 * scripts, tests) it calls through, so a command always reads the stored row.
 */
export const getSettings = cache(readSettings);

async function readSettings(): Promise<OrgSettings> {
  const db = await getDb();
  const [row] = await db.select().from(settings).where(eq(settings.id, 1));
  // The first migration inserts the row; this default only covers a hand-emptied table.
  if (!row) return DEFAULTS;
  const { disputeSlaDays, staleCheckInDays, timeZone, updatedAt } = row;
  // A zone saved under another runtime that this one does not know (an older ICU, a hand
  // edit) must not take every page down: reckon in UTC and say so in the log.
  if (!isTimeZone(timeZone)) {
    console.warn(`[settings] unknown time zone ${JSON.stringify(timeZone)}; using ${DEFAULT_TIME_ZONE}`);
    return { disputeSlaDays, staleCheckInDays, timeZone: DEFAULT_TIME_ZONE, updatedAt, ...signalSettingsOf(row) };
  }
  return { disputeSlaDays, staleCheckInDays, timeZone, updatedAt, ...signalSettingsOf(row) };
}

/** The organisation's time zone: the zone of "today", due dates and every date the UI shows. */
export async function getTimeZone(): Promise<string> {
  return (await getSettings()).timeZone;
}

const snapshot = (s: typeof settings.$inferSelect) => ({ disputeSlaDays: s.disputeSlaDays, staleCheckInDays: s.staleCheckInDays, timeZone: s.timeZone, ...signalSettingsOf(s) });

export async function updateSettings({ actor, input }: { actor: Actor; input: UpdateSettingsInput }): Promise<void> {
  if (!can(actor.role, "settings.manage")) throw forbidden();
  // Without a zone in the input the stored one stays.
  // A field left out of the input (undefined) keeps its stored value.
  const values = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<typeof settings.$inferInsert>;
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(settings).where(eq(settings.id, 1)).for("update");
    const [after] = await tx
      .insert(settings)
      .values({ id: 1, ...values, updatedById: actor.id })
      .onConflictDoUpdate({ target: settings.id, set: { ...values, updatedById: actor.id, updatedAt: sql`now()` } })
      .returning();
    // The aggregates count negatives by the thresholds and days in the company's zone: a change
    // to either rebuilds them, in this transaction, so no page reads a mix of old and new rules.
    const changed = (k: "negativeCsatMax" | "negativeNpsMax" | "negativeCesMax" | "timeZone") =>
      !before || (k === "timeZone" ? before.timeZone !== after!.timeZone : Number(before[k]) !== Number(after![k]));
    if ((["negativeCsatMax", "negativeNpsMax", "negativeCesMax", "timeZone"] as const).some(changed)) await tx.execute(sql`select refresh_signal_daily()`);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "settings.updated",
      entityType: "settings",
      entityId: "1",
      before: before ? snapshot(before) : null,
      after: snapshot(after!),
    });
  });
}
