// Zod-free: the preferences form lists these in the browser; the schema is in preference-schema.ts.
import type { NotificationKind } from "@/lib/notifications";

export const CHANNELS = ["in_app", "email", "digest"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = { in_app: "In the app only", email: "Also by email, at once", digest: "Also in a daily digest email" };

// The kinds of db/schema/notifications.ts (the labels below must name every one; a unit test compares the lists).
export const NOTIFICATION_KINDS = [
  "handoff_offered",
  "handoff_accepted",
  "handoff_declined",
  "handoff_cancelled",
  "stage_reassigned",
  "stage_orphaned",
  "goal_stale",
  "goal_stale_escalated",
  "goal_off_track",
  "dispute_raised",
  "dispute_under_review",
  "dispute_decided",
  "dispute_overdue",
  "webhook_disabled",
  "follow_up_moved",
  "follow_up_overdue",
  "follow_up_escalated",
] as const satisfies readonly NotificationKind[];
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
  follow_up_moved: "Follow-ups moved to my department with their stage",
  follow_up_overdue: "A follow-up of my department passed its service level",
  follow_up_escalated: "An overdue follow-up was escalated to the CCO",
};

