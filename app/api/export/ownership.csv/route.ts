import { exportResponse, ownershipCsv } from "@/lib/exports";
import { answerUnavailable } from "@/lib/unavailable";

export const dynamic = "force-dynamic";

/** Who was accountable for every stage on ?date=YYYY-MM-DD (with the dashboard's journey and department filters). */
// 503 with "try again" while the database is away, not a 500.
export const GET = answerUnavailable(async function GET(request: Request) {
  const input = Object.fromEntries(new URL(request.url).searchParams);
  return exportResponse((actor, clock) => ownershipCsv(actor, input, { clock }));
});
