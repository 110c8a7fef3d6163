import { apiRoute } from "@/lib/api/route";
import { OPERATIONS } from "@/lib/api/operations";
import { getDispute } from "@/lib/disputes/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.getDispute, async ({ principal, params }) => getDispute({ actor: principal.actor, disputeId: params.disputeId }));
