"use server";

import { authedAction } from "@/lib/actions";
import { flagSignal, recordSignal, redactSignalComment } from "@/lib/signals/commands";
import { commitImport, stageImportChunk } from "@/lib/signals/import";
import { flagSignalSchema, redactSignalSchema, signalImportChunkSchema, signalImportCommitSchema, signalSchema } from "@/lib/signals/schemas";

export const recordSignalAction = authedAction(signalSchema, "signals.record", (input, actor) => recordSignal({ actor, input }), {
  message: (d) => (d.followUpId ? "Signal recorded. It is negative, so a follow-up is open for the stage's owner." : "Signal recorded."),
});

export const flagSignalAction = authedAction(flagSignalSchema, "signals.record", (input, actor) => flagSignal({ actor, input }), {
  message: "Flagged. A follow-up is open for the stage's owner.",
});

export const redactSignalAction = authedAction(redactSignalSchema, "signals.redact", async (input, actor) => redactSignalComment({ actor, input }), {
  message: "Comment removed. The score stays; the reason is kept.",
});

/** One chunk of a CSV file's rows: checked row by row, the valid ones staged (nothing recorded yet). */
export const checkSignalImportChunkAction = authedAction(signalImportChunkSchema, "signals.record", (input, actor) => stageImportChunk({ actor, input }));

/** Records an import's staged rows, with one audit event. */
export const importSignalsAction = authedAction(signalImportCommitSchema, "signals.record", (input, actor) => commitImport({ actor, input }), {
  message: (d) =>
    `Imported ${d.imported.toLocaleString("en")} ${d.imported === 1 ? "signal" : "signals"}${d.skipped ? `, skipped ${d.skipped.toLocaleString("en")} ${d.skipped === 1 ? "row" : "rows"} with problems` : ""}; ${d.followUpsOpened} ${d.followUpsOpened === 1 ? "follow-up" : "follow-ups"} opened.`,
});
