"use server";

import { z } from "zod";
import { authedAction } from "@/lib/actions";
import { markNotificationsRead } from "@/lib/notifications";
import { notificationPreferencesSchema, saveNotificationPreferences } from "@/lib/notifications/preferences";

const markReadSchema = z.object({
  ids: z.preprocess(
    (v) => (v == null || v === "" ? undefined : Array.isArray(v) ? v : [v]),
    z.array(z.uuid("That notification does not exist.")).max(100, "Mark at most 100 at a time.").optional(),
  ),
});

/** Marks the caller's own notifications read (all when no ids are given). */
export const markNotificationsReadAction = authedAction(markReadSchema, "app.view", (input, actor) => markNotificationsRead(actor, input.ids));

/** Saves how the caller receives each kind of notification: in the app, by email, or in a daily digest. */
export const saveNotificationPreferencesAction = authedAction(notificationPreferencesSchema, "app.view", (input, actor) => saveNotificationPreferences({ actor, input }), {
  message: "Preferences saved.",
});
