import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { settings } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden } from "@/lib/errors";
import { can } from "@/lib/permissions";
import type { UpdateSettingsInput } from "./schemas";

export type OrgSettings = { disputeSlaDays: number; staleCheckInDays: number; updatedAt: Date };

export async function getSettings(): Promise<OrgSettings> {
  const db = await getDb();
  const [row] = await db.select().from(settings).where(eq(settings.id, 1));
  // The first migration inserts the row; this default only covers a hand-emptied table.
  return row ?? { disputeSlaDays: 10, staleCheckInDays: 14, updatedAt: new Date(0) };
}

export async function updateSettings({ actor, input }: { actor: Actor; input: UpdateSettingsInput }): Promise<void> {
  if (!can(actor.role, "settings.manage")) throw forbidden();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(settings).where(eq(settings.id, 1)).for("update");
    const [after] = await tx
      .insert(settings)
      .values({ id: 1, ...input, updatedById: actor.id })
      .onConflictDoUpdate({ target: settings.id, set: { ...input, updatedById: actor.id, updatedAt: sql`now()` } })
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "settings.updated",
      entityType: "settings",
      entityId: "1",
      before: before ? { disputeSlaDays: before.disputeSlaDays, staleCheckInDays: before.staleCheckInDays } : null,
      after: { disputeSlaDays: after!.disputeSlaDays, staleCheckInDays: after!.staleCheckInDays },
    });
  });
}
