import { apiRoute } from "@/lib/api/route";
import { OPERATIONS } from "@/lib/api/operations";
import { getJourneyBoard } from "@/lib/journeys/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.getJourney, async ({ params, query }) => getJourneyBoard({ journeyId: params.journeyId, asOf: query.asOf }));
