import { apiRoute } from "@/lib/api/route";
import { listBody, pageOfArray, pagingOf } from "@/lib/api/cursor";
import { OPERATIONS } from "@/lib/api/operations";
import { getStageDetail } from "@/lib/journeys/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.listOwnershipHistory, async ({ params, query }) => {
  const filter = { stageId: params.stageId };
  const paging = pagingOf(query, filter);
  const { history } = await getStageDetail({ stageId: params.stageId });
  return listBody(pageOfArray(history, paging), paging, filter);
});
