import { apiRoute } from "@/lib/api/route";
import { OPERATIONS } from "@/lib/api/operations";
import { getStageDetail } from "@/lib/journeys/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.getStage, async ({ params }) => {
  const { stage, journey, current, handoffs } = await getStageDetail({ stageId: params.stageId });
  return { stage, journey, current, handoffs };
});
