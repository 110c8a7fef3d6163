import { presentAuditEvent } from "@/lib/audit/present";
import { resolveAuditNames } from "@/lib/audit/names";
import { auditEventsAfter, type AuditCursor, type AuditFilter, type AuditRow } from "@/lib/audit/queries";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden } from "@/lib/errors";
import { keysetBatches } from "@/lib/keyset";
import { can } from "@/lib/permissions";
import { formatDateTime } from "@/lib/time-format";
import { EXPORT_BATCH } from "./batch";
import { utcClock, type Cell, type CsvExport, type ExportClock } from "./csv";

const HEADER = ["time", "actor", "action", "summary", "entity_type", "entity", "changes", "reason", "event_id"];

/** "Field: before → after; Field: value" — the changes of one event on one line. */
export function changesText(changes: { field: string; before: string | null; after: string }[]): string {
  return changes.map((c) => (c.before === null ? `${c.field}: ${c.after}` : `${c.field}: ${c.before} → ${c.after}`)).join("; ");
}

/** Each batch of events as CSV lines, its ids resolved to names with one query per batch. */
async function* readable(batches: AsyncIterable<(AuditRow & AuditCursor)[]>, timeZone: string): AsyncGenerator<Cell[][]> {
  for await (const batch of batches) {
    const names = await resolveAuditNames(batch);
    yield batch.map((r) => {
      const p = presentAuditEvent(r, names);
      return [formatDateTime(r.createdAt, timeZone), r.actorName ?? "System / anonymous", p.label, p.sentence, p.entity.type, p.entity.name, changesText(p.changes), r.reason ?? "", r.id];
    });
  }
}

/**
 * Every audit event the audit log's filter selects, newest first, as a person reads them: time
 * in the company's zone, actor and entity by name, the action's label, the changes. Allowed to
 * whoever may read the audit log.
 */
export function auditCsv(actor: Actor, filter: AuditFilter, { batchSize = EXPORT_BATCH, clock = utcClock() }: { batchSize?: number; clock?: ExportClock } = {}): CsvExport {
  if (!can(actor.role, "audit.read")) throw forbidden();
  const rows = keysetBatches<AuditRow & AuditCursor>((after, limit) => auditEventsAfter(filter, clock.timeZone, after, limit), batchSize);
  return { filename: `throughline-audit-${clock.today}.csv`, header: [`time (${clock.timeZone})`, ...HEADER.slice(1)], rows: readable(rows, clock.timeZone) };
}
