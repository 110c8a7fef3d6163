import { apiRoute } from "@/lib/api/route";
import { OPERATIONS } from "@/lib/api/operations";
import { getGoal } from "@/lib/goals/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.getGoal, async ({ params }) => {
  const { goal, row, smart } = await getGoal(params.goalId);
  return { goal, health: row, smart };
});
