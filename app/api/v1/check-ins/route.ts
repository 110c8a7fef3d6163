import { apiRoute } from "@/lib/api/route";
import { OPERATIONS } from "@/lib/api/operations";
import { recordCheckIn } from "@/lib/goals/commands";

export const dynamic = "force-dynamic";

export const POST = apiRoute(OPERATIONS.recordCheckIn, async ({ principal, body: { goalId, ...input } }) => recordCheckIn({ actor: principal.actor, goalId, input }));
