"use server";

import { authedAction } from "@/lib/actions";
import { changeGoalStatus, correctCheckIn, createGoal, recordCheckIn, updateGoal } from "@/lib/goals/commands";
import { archiveObjective, createObjective, updateObjective } from "@/lib/goals/objectives";
import {
  archiveObjectiveSchema,
  changeGoalStatusSchema,
  correctCheckInSchema,
  createGoalSchema,
  createObjectiveSchema,
  recordCheckInSchema,
  updateGoalSchema,
  updateObjectiveSchema,
} from "@/lib/goals/schemas";

export const createGoalAction = authedAction(createGoalSchema, "goals.manage", (input, actor) => createGoal({ actor, input }), {
  message: "Goal saved.",
});
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
