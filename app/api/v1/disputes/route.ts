import { apiRoute } from "@/lib/api/route";
import { listBody, pagingOf } from "@/lib/api/cursor";
import { OPERATIONS } from "@/lib/api/operations";
import { raiseDispute } from "@/lib/disputes/commands";
import { listDisputes } from "@/lib/disputes/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.listDisputes, async ({ principal, query }) => {
  const { cursor: _c, limit: _l, ...filter } = query;
  const paging = pagingOf(query, filter);
  return listBody(await listDisputes({ actor: principal.actor, filter, paging }), paging, filter);
});

export const POST = apiRoute(OPERATIONS.raiseDispute, async ({ principal, body }) => raiseDispute({ actor: principal.actor, input: body }));
