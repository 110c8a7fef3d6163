import { exportResponse, journeyStructureCsv } from "@/lib/exports";
import { answerUnavailable } from "@/lib/unavailable";

export const dynamic = "force-dynamic";

/** Every live journey's stages and current owners, in the format the journeys import reads. */
// 503 with "try again" while the database is away, not a 500.
export const GET = answerUnavailable(async function GET() {
  return exportResponse((actor, clock) => journeyStructureCsv(actor, { clock }));
});
