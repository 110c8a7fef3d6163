import { apiRoute } from "@/lib/api/route";
import { listBody, pagingOf } from "@/lib/api/cursor";
import { OPERATIONS } from "@/lib/api/operations";
import { listGoalsPage } from "@/lib/goals/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.listGoals, async ({ principal, query }) => {
  const { cursor: _c, limit: _l, ...filter } = query;
  const paging = pagingOf(query, filter);
  return listBody(await listGoalsPage({ actor: principal.actor, filter, paging }), paging, filter);
});
