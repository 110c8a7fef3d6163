import { z } from "zod";
import { optionalTextField, textField, uuidField } from "@/lib/validation";
import { FOLLOW_UP_STATUSES } from "./rules";

// The note of a step: the database allows 2,000 characters (follow_up_events_note_ck).
const NOTE_MAX = 2000;
const expectedStatus = z.preprocess((v) => (v === "" || v == null ? null : v), z.enum(FOLLOW_UP_STATUSES, { error: "The form's starting point is unreadable; reload the page." }).nullable()).default(null);

export const acknowledgeSchema = z.object({ followUpId: uuidField("follow-up"), note: optionalTextField("Note", NOTE_MAX), expectedStatus });
export const takeActionSchema = z.object({ followUpId: uuidField("follow-up"), note: textField("What was done", NOTE_MAX), expectedStatus });
export const closeSchema = z.object({ followUpId: uuidField("follow-up"), note: textField("Outcome", NOTE_MAX), expectedStatus });
export const reopenSchema = z.object({ followUpId: uuidField("follow-up"), note: textField("Why it is reopened", NOTE_MAX), expectedStatus });
export const noteSchema = z.object({ followUpId: uuidField("follow-up"), note: textField("Note", NOTE_MAX) });
export const linkGoalSchema = z.object({ followUpId: uuidField("follow-up"), goalId: uuidField("goal"), note: optionalTextField("Note", NOTE_MAX) });

const departmentList = z.preprocess(
  (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]),
  z.array(z.string().pipe(z.uuid("That department does not exist."))).min(1, "Choose the department you think owns this stage.").max(20, "Choose at most 20 departments."),
);

/** "Not our stage": an ownership dispute about the follow-up's stage, naming who should own it. */
export const followUpDisputeSchema = z.object({
  followUpId: uuidField("follow-up"),
  partyDepartmentIds: departmentList,
  description: textField("Why it is not your stage", 4000),
});

export type StepInput = z.output<typeof takeActionSchema>;
export type LinkGoalInput = z.output<typeof linkGoalSchema>;
export type FollowUpDisputeInput = z.output<typeof followUpDisputeSchema>;

export const followUpFilterSchema = z.object({
  status: z.enum(["active", ...FOLLOW_UP_STATUSES, "all"]).default("active").catch("active"),
  stageId: z.uuid().optional().catch(undefined),
  departmentId: z.uuid().optional().catch(undefined),
  overdue: z.enum(["1"]).optional().catch(undefined),
});
export type FollowUpFilter = z.infer<typeof followUpFilterSchema>;
