"use server";

import { authedAction } from "@/lib/actions";
import { addComment, raiseDispute, recordDecision, saveStatement, takeUnderReview, withdrawDispute } from "@/lib/disputes/commands";
import { commentSchema, decideSchema, raiseDisputeSchema, statementSchema, takeDisputeSchema, withdrawDisputeSchema } from "@/lib/disputes/schemas";

export const raiseDisputeAction = authedAction(raiseDisputeSchema, "disputes.raise", (input, actor) => raiseDispute({ actor, input }), {
  message: "Dispute raised. The other departments and the CCO have been notified.",
});
export const saveStatementAction = authedAction(statementSchema, "disputes.raise", (input, actor) => saveStatement({ actor, ...input }), {
  message: "Statement saved.",
});
export const addCommentAction = authedAction(commentSchema, "disputes.raise", (input, actor) => addComment({ actor, ...input }), {
  message: "Comment added.",
});
export const takeDisputeAction = authedAction(takeDisputeSchema, "decisions.record", (input, actor) => takeUnderReview({ actor, ...input }), {
  message: "You are now reviewing this dispute.",
});
export const withdrawDisputeAction = authedAction(withdrawDisputeSchema, "disputes.raise", (input, actor) => withdrawDispute({ actor, ...input }), {
  message: "Dispute withdrawn.",
});
export const recordDecisionAction = authedAction(decideSchema, "decisions.record", (input, actor) => recordDecision({ actor, input }), {
  message: "Decision recorded. The dispute is closed and its effect applied.",
});
