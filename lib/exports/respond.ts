import { currentUser, type Actor } from "@/lib/auth/current-user";
import { isDomainError, type ErrorKind } from "@/lib/errors";
import { getTimeZone } from "@/lib/settings";
import { todayIn } from "@/lib/time";
import { csvResponse, csvStream, type CsvExport, type ExportClock } from "./csv";

const STATUS: Partial<Record<ErrorKind, number>> = { invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404 };

/**
 * A download route's answer: 401 when signed out; the export's refusal (bad input, not
 * allowed) as JSON with its status, before any byte of CSV; otherwise the streamed file.
 */
export async function exportResponse(build: (actor: Actor, clock: ExportClock) => CsvExport): Promise<Response> {
  const actor = await currentUser();
  if (!actor) return Response.json({ error: "Sign in to download exports." }, { status: 401 });
  try {
    const timeZone = await getTimeZone();
    const { filename, header, rows } = build(actor, { today: todayIn(timeZone), timeZone });
    return csvResponse(filename, csvStream(header, rows));
  } catch (e) {
    const status = isDomainError(e) ? STATUS[e.kind] : undefined;
    if (!status || !isDomainError(e)) throw e;
    return Response.json({ error: e.message, fieldErrors: e.fieldErrors }, { status });
  }
}
