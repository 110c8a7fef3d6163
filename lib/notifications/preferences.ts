import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { notificationKindEnum, notificationPreferences } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import type { NotificationKind } from "./index";

export const CHANNELS = ["in_app", "email", "digest"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = { in_app: "In the app only", email: "Also by email, at once", digest: "Also in a daily digest email" };

export const NOTIFICATION_KINDS = notificationKindEnum.enumValues;
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  handoff_offered: "A stage is offered to my department",
  handoff_accepted: "A handoff I offered was accepted",
  handoff_declined: "A handoff I offered was declined",
  handoff_cancelled: "An offer to my department was withdrawn",
  stage_reassigned: "Ownership of a stage or goal I am involved in changed",
  stage_orphaned: "A stage needs an owner",
  goal_stale: "A goal I own needs a check-in",
  goal_stale_escalated: "A goal stayed stale for two periods",
  goal_off_track: "A goal went off track",
  dispute_raised: "A dispute involves my department",
  dispute_under_review: "A dispute was taken under review",
  dispute_decided: "A dispute was decided",
  dispute_overdue: "A dispute passed its service level",
  webhook_disabled: "A webhook endpoint was disabled",
};

const channel = z.preprocess((v) => (v === undefined || v === null || v === "" ? "in_app" : v), z.enum(CHANNELS, { error: "Choose in the app, email or daily digest." }));
export const notificationPreferencesSchema = z.object(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, channel])) as Record<NotificationKind, typeof channel>);
export type NotificationPreferencesInput = z.output<typeof notificationPreferencesSchema>;

/** The caller's channel for every kind (in the app where they chose nothing). */
export async function myNotificationPreferences(actor: Actor): Promise<Record<NotificationKind, Channel>> {
  const db = await getDb();
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.id));
  const out = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, "in_app"])) as Record<NotificationKind, Channel>;
  for (const r of rows) out[r.kind] = r.channel;
  return out;
}

/** Saves the caller's own choices (nobody sets another person's), audited with what changed. */
export async function saveNotificationPreferences({ actor, input }: { actor: Actor; input: NotificationPreferencesInput }): Promise<void> {
  const before = await myNotificationPreferences(actor);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const changed = NOTIFICATION_KINDS.filter((k) => before[k] !== input[k]);
    if (!changed.length) return;
    for (const kind of changed) {
      await tx
        .insert(notificationPreferences)
        .values({ userId: actor.id, kind, channel: input[kind] })
        .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { channel: input[kind], updatedAt: sql`now()` } });
    }
    const pick = (m: Record<string, Channel>) => Object.fromEntries(changed.map((k) => [k, m[k]]));
    await recordAudit(tx, { actorId: actor.id, action: "user.notification_preferences_updated", entityType: "user", entityId: actor.id, before: pick(before), after: pick(input) });
  });
}

