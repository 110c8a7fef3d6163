"use server";

import { authedAction, toActionFailure, type ActionResult } from "@/lib/actions";
import { changeGoalStatus, correctCheckIn, createGoal, recordCheckIn, updateGoal } from "@/lib/goals/commands";
import { archiveObjective, createObjective, updateObjective } from "@/lib/goals/objectives";
import { getTimeZone } from "@/lib/settings";
import { todayIn, type IsoDate } from "@/lib/time";
import {
  archiveObjectiveSchema,
  changeGoalStatusSchema,
  correctCheckInSchema,
  createGoalSchemaAsOf,
  createObjectiveSchema,
  recordCheckInSchema,
  updateGoalSchema,
  updateObjectiveSchema,
} from "@/lib/goals/schemas";

// Goals show on goal pages, stage pages, journey boards and the dashboard.
const GOALS = ["/goals/*", "/journeys/*", "/dashboard"];

const createGoalAsOf = (today: IsoDate) =>
  authedAction(createGoalSchemaAsOf(today), "goals.manage", (input, actor) => createGoal({ actor, input }), {
    revalidate: GOALS,
    message: "Goal saved.",
  });

/**
 * The schema checks the overdue rule as of the company's today, so a refused goal names it
 * together with every other field error in one answer (the form has no schema of its own).
 * The command checks it again inside its transaction.
 */
export async function createGoalAction(prev: unknown, payload: Parameters<ReturnType<typeof createGoalAsOf>>[1]): Promise<ActionResult<{ goalId: string }>> {
  let today: IsoDate;
  try {
    today = todayIn(await getTimeZone());
  } catch (error) {
    return toActionFailure(error, "createGoalAction");
  }
  return createGoalAsOf(today)(prev, payload);
}
export const updateGoalAction = authedAction(updateGoalSchema, "goals.manage", (input, actor) => updateGoal({ actor, input }), {
  revalidate: GOALS,
  message: "Goal saved.",
});
export const changeGoalStatusAction = authedAction(changeGoalStatusSchema, "goals.manage", (input, actor) => changeGoalStatus({ actor, ...input }), {
  revalidate: GOALS,
  message: "Status changed.",
});
export const recordCheckInAction = authedAction(
  recordCheckInSchema,
  "checkins.record",
  ({ goalId, ...input }, actor) => recordCheckIn({ actor, goalId, input }),
  { revalidate: GOALS, message: "Check-in recorded." },
);
export const correctCheckInAction = authedAction(
  correctCheckInSchema,
  "checkins.record",
  ({ checkInId, ...input }, actor) => correctCheckIn({ actor, checkInId, input }),
  { revalidate: GOALS, message: "Check-in corrected." },
);
export const createObjectiveAction = authedAction(createObjectiveSchema, "objectives.manage", (input, actor) => createObjective({ actor, input }), {
  revalidate: GOALS,
  message: "Objective created.",
});
export const updateObjectiveAction = authedAction(
  updateObjectiveSchema,
  "objectives.manage",
  ({ objectiveId, ...input }, actor) => updateObjective({ actor, objectiveId, input }),
  { revalidate: GOALS, message: "Objective saved." },
);
export const archiveObjectiveAction = authedAction(archiveObjectiveSchema, "objectives.manage", (input, actor) => archiveObjective({ actor, ...input }), {
  revalidate: GOALS,
  message: "Objective archived.",
});
