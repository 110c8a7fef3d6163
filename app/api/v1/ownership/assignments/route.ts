import { apiRoute } from "@/lib/api/route";
import { OPERATIONS } from "@/lib/api/operations";
import { assignOwnership } from "@/lib/ownership/commands";

export const dynamic = "force-dynamic";

export const POST = apiRoute(OPERATIONS.assignOwnership, async ({ principal, body }) => {
  await assignOwnership({ actor: principal.actor, input: body });
  return { stageId: body.stageId, assigned: true };
});
