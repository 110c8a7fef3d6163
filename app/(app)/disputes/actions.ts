"use server";

import { authedAction } from "@/lib/actions";
import { addComment, raiseDispute, recordDecision, saveStatement, takeUnderReview, withdrawDispute } from "@/lib/disputes/commands";
import { commentSchema, decideSchema, raiseDisputeSchema, statementSchema, takeDisputeSchema, withdrawDisputeSchema } from "@/lib/disputes/schemas";

// Disputes show on their own pages, the decision log, journey boards (disputed flag) and the dashboard.
const DISPUTES = ["/disputes/*", "/decisions", "/journeys/*", "/dashboard"];

export const raiseDisputeAction = authedAction(raiseDisputeSchema, "disputes.raise", (input, actor) => raiseDispute({ actor, input }), {
  revalidate: DISPUTES,
  message: "Dispute raised. The other departments and the CCO have been notified.",
});
export const saveStatementAction = authedAction(statementSchema, "disputes.raise", (input, actor) => saveStatement({ actor, ...input }), {
  revalidate: DISPUTES,
  message: "Statement saved.",
});
export const addCommentAction = authedAction(commentSchema, "disputes.raise", (input, actor) => addComment({ actor, ...input }), {
  revalidate: DISPUTES,
  message: "Comment added.",
});
export const takeDisputeAction = authedAction(takeDisputeSchema, "decisions.record", (input, actor) => takeUnderReview({ actor, ...input }), {
  revalidate: DISPUTES,
  message: "You are now reviewing this dispute.",
});
export const withdrawDisputeAction = authedAction(withdrawDisputeSchema, "disputes.raise", (input, actor) => withdrawDispute({ actor, ...input }), {
  revalidate: DISPUTES,
  message: "Dispute withdrawn.",
});
export const recordDecisionAction = authedAction(decideSchema, "decisions.record", (input, actor) => recordDecision({ actor, input }), {
  revalidate: DISPUTES,
  message: "Decision recorded. The dispute is closed and its effect applied.",
});
