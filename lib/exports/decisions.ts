import type { Actor } from "@/lib/auth/current-user";
import { decisionsAfter, type DecisionCursor, type DecisionLogRow } from "@/lib/disputes/queries";
import type { DecisionLogFilter } from "@/lib/disputes/schemas";
import { forbidden } from "@/lib/errors";
import { keysetBatches } from "@/lib/keyset";
import { can } from "@/lib/permissions";
import { EXPORT_BATCH, mapBatches } from "./batch";
import { utcClock, type Cell, type CsvExport, type ExportClock } from "./csv";

const HEADER = ["decided_at", "decided_by", "dispute", "kind", "stage", "parties", "outcome", "rationale", "effect", "supersedes_decision", "superseded_by_decision"];

const line = (d: DecisionLogRow): Cell[] => [
  d.decidedAt.toISOString(), d.decidedByName, d.disputeTitle, d.kind, d.stageName ?? "", d.parties.join("; "), d.outcome, d.rationale, d.effectSummary ?? "", d.supersedesId ?? "", d.supersededById ?? "",
];

/** Every decision the decision log's filter selects, one row each, newest first. */
export function decisionsCsv(actor: Actor, filter: DecisionLogFilter = {}, { batchSize = EXPORT_BATCH, clock = utcClock() }: { batchSize?: number; clock?: ExportClock } = {}): CsvExport {
  if (!can(actor.role, "app.view")) throw forbidden();
  const rows = keysetBatches<DecisionLogRow & DecisionCursor>((after, limit) => decisionsAfter(filter, clock.timeZone, after, limit), batchSize);
  return { filename: `throughline-decisions-${clock.today}.csv`, header: HEADER, rows: mapBatches(rows, line) };
}
