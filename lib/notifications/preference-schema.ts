import { z } from "zod";
import type { NotificationKind } from "@/lib/notifications";
import "@/lib/validation";
import { CHANNELS, NOTIFICATION_KINDS } from "./preference-kinds";

export { CHANNEL_LABELS, CHANNELS, NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type Channel } from "./preference-kinds";

// The form posts every kind; a missing one is refused rather than quietly reset.
const channel = z.enum(CHANNELS, { error: "Choose in the app, email or daily digest." });
export const notificationPreferencesSchema = z.object(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, channel])) as Record<NotificationKind, typeof channel>);
export type NotificationPreferencesInput = z.output<typeof notificationPreferencesSchema>;

