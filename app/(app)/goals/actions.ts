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

const createGoalAsOf = (today: IsoDate) =>
  authedAction(createGoalSchemaAsOf(today), "goals.manage", (input, actor) => createGoal({ actor, input }), {
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
  message: "Goal saved.",
});
export const changeGoalStatusAction = authedAction(changeGoalStatusSchema, "goals.manage", (input, actor) => changeGoalStatus({ actor, ...input }), {
  message: "Status changed.",
});
export const recordCheckInAction = authedAction(
  recordCheckInSchema,
  "checkins.record",
  ({ goalId, ...input }, actor) => recordCheckIn({ actor, goalId, input }),
  { message: "Check-in recorded." },
);
export const correctCheckInAction = authedAction(
  correctCheckInSchema,
  "checkins.record",
  ({ checkInId, ...input }, actor) => correctCheckIn({ actor, checkInId, input }),
  { message: "Check-in corrected." },
);
export const createObjectiveAction = authedAction(createObjectiveSchema, "objectives.manage", (input, actor) => createObjective({ actor, input }), {
  message: "Objective created.",
});
export const updateObjectiveAction = authedAction(
  updateObjectiveSchema,
  "objectives.manage",
  ({ objectiveId, ...input }, actor) => updateObjective({ actor, objectiveId, input }),
  { message: "Objective saved." },
);
export const archiveObjectiveAction = authedAction(archiveObjectiveSchema, "objectives.manage", (input, actor) => archiveObjective({ actor, ...input }), {
  message: "Objective archived.",
});
