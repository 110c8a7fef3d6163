import { apiRoute } from "@/lib/api/route";
import { listBody, pageOfArray, pagingOf } from "@/lib/api/cursor";
import { OPERATIONS } from "@/lib/api/operations";
import { listJourneys } from "@/lib/journeys/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.listJourneys, async ({ query }) => {
  const filter = { includeArchived: query.includeArchived === "true" };
  const paging = pagingOf(query, filter);
  return listBody(pageOfArray(await listJourneys(filter), paging), paging, filter);
});
