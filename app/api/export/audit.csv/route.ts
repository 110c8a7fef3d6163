import { parseAuditFilter } from "@/lib/audit/queries";
import { auditCsv, exportResponse } from "@/lib/exports";
import { answerUnavailable } from "@/lib/unavailable";

export const dynamic = "force-dynamic";

// The audit log's filters, as the page reads them (invalid ones ignored); the same capability
// as the page (audit.read), checked by auditCsv. 503 with "try again" while the database is away.
export const GET = answerUnavailable(async function GET(request: Request) {
  const { filter } = parseAuditFilter(Object.fromEntries(new URL(request.url).searchParams));
  return exportResponse((actor, clock) => auditCsv(actor, filter, { clock }));
});
