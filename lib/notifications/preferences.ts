import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { notificationPreferences } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import type { NotificationKind } from "./index";
import { NOTIFICATION_KINDS, type Channel, type NotificationPreferencesInput } from "./preference-schema";

export * from "./preference-schema";

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

