"use server";

import { authedAction } from "@/lib/actions";
import { flagSignal, recordSignal, redactSignalComment } from "@/lib/signals/commands";
import { flagSignalSchema, redactSignalSchema, signalSchema } from "@/lib/signals/schemas";

export const recordSignalAction = authedAction(signalSchema, "signals.record", (input, actor) => recordSignal({ actor, input }), {
  message: (d) => (d.followUpId ? "Signal recorded. It is negative, so a follow-up is open for the stage's owner." : "Signal recorded."),
});

export const flagSignalAction = authedAction(flagSignalSchema, "signals.record", (input, actor) => flagSignal({ actor, input }), {
  message: "Flagged. A follow-up is open for the stage's owner.",
});

export const redactSignalAction = authedAction(redactSignalSchema, "signals.redact", async (input, actor) => redactSignalComment({ actor, input }), {
  message: "Comment removed. The score stays; the reason is kept.",
});
