"use server";

import { authedAction } from "@/lib/actions";
import { addFollowUpNote, linkFollowUpGoal, raiseFollowUpDispute, takeStep } from "@/lib/follow-ups/commands";
import { acknowledgeSchema, closeSchema, followUpDisputeSchema, linkGoalSchema, noteSchema, reopenSchema, takeActionSchema } from "@/lib/follow-ups/schemas";

export const acknowledgeFollowUpAction = authedAction(acknowledgeSchema, "follow_ups.act", (input, actor) => takeStep({ actor, step: "acknowledge", input }), {
  message: "Acknowledged. Record the action taken when it is done.",
});
export const recordFollowUpActionAction = authedAction(takeActionSchema, "follow_ups.act", (input, actor) => takeStep({ actor, step: "take_action", input }), {
  message: "Action recorded. Close the follow-up when the customer's issue is resolved.",
});
export const closeFollowUpAction = authedAction(closeSchema, "follow_ups.act", (input, actor) => takeStep({ actor, step: "close", input }), {
  message: "Follow-up closed.",
});
export const reopenFollowUpAction = authedAction(reopenSchema, "follow_ups.act", (input, actor) => takeStep({ actor, step: "reopen", input }), {
  message: "Follow-up reopened; its service level starts again.",
});
export const addFollowUpNoteAction = authedAction(noteSchema, "follow_ups.act", (input, actor) => addFollowUpNote({ actor, ...input }), {
  message: "Note added.",
});
export const linkFollowUpGoalAction = authedAction(linkGoalSchema, "follow_ups.act", (input, actor) => linkFollowUpGoal({ actor, input }), {
  message: "Linked to the goal.",
});
export const raiseFollowUpDisputeAction = authedAction(followUpDisputeSchema, "follow_ups.act", (input, actor) => raiseFollowUpDispute({ actor, input }), {
  message: "Dispute raised. The other department and the CCO have been notified.",
});
