import { apiRoute } from "@/lib/api/route";
import { listBody, pagingOf } from "@/lib/api/cursor";
import { OPERATIONS } from "@/lib/api/operations";
import { resolveAuditNames } from "@/lib/audit/names";
import { presentAuditEvent } from "@/lib/audit/present";
import { listAuditEvents } from "@/lib/audit/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.listAuditEvents, async ({ principal, query }) => {
  const { cursor: _c, limit: _l, ...filter } = query;
  const paging = pagingOf(query, filter);
  const page = await listAuditEvents({ actor: principal.actor, filter, paging });
  // Read as on the audit page: a sentence and the changed fields, beside the raw event.
  const names = await resolveAuditNames(page.rows);
  const rows = page.rows.map((r) => {
    const p = presentAuditEvent(r, names);
    return { ...r, label: p.label, sentence: p.sentence, changes: p.changes };
  });
  return listBody({ ...page, rows }, paging, filter);
});
