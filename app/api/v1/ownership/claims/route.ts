import { apiRoute } from "@/lib/api/route";
import { OPERATIONS } from "@/lib/api/operations";
import { claimStage } from "@/lib/ownership/commands";

export const dynamic = "force-dynamic";

export const POST = apiRoute(OPERATIONS.claimStage, async ({ principal, body }) => {
  await claimStage({ actor: principal.actor, ...body });
  return { stageId: body.stageId, claimed: true };
});
