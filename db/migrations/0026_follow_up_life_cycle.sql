-- The follow-up life cycle (issue 14, the closed loop): the audit events of each step, the
-- follow-up as an audited entity, and the notifications of a follow-up moving with its stage,
-- passing its service level and being escalated to the CCOs.
ALTER TYPE "public"."audit_action" ADD VALUE 'follow_up.acknowledged';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'follow_up.action_taken';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'follow_up.closed';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'follow_up.reopened';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'follow_up.goal_linked';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'follow_up.dispute_raised';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'follow_up.noted';--> statement-breakpoint
ALTER TYPE "public"."audit_entity" ADD VALUE 'follow_up';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'follow_up_moved';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'follow_up_overdue';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'follow_up_escalated';
