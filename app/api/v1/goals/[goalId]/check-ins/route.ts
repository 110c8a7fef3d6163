import { apiRoute } from "@/lib/api/route";
import { listBody, pageOfArray, pagingOf } from "@/lib/api/cursor";
import { OPERATIONS } from "@/lib/api/operations";
import { getGoal } from "@/lib/goals/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.listCheckIns, async ({ params, query }) => {
  const filter = { goalId: params.goalId };
  const paging = pagingOf(query, filter);
  const { checkIns } = await getGoal(params.goalId);
  return listBody(pageOfArray(checkIns, paging), paging, filter);
});
