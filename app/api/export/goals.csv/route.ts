import { exportResponse, goalExportFilterSchema, goalsCsv } from "@/lib/exports";
import { answerUnavailable } from "@/lib/unavailable";

export const dynamic = "force-dynamic";

// 503 with "try again" while the database is away, not a 500.
export const GET = answerUnavailable(async function GET(request: Request) {
  const filter = goalExportFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return exportResponse((actor, clock) => goalsCsv(actor, filter, { clock }));
});
