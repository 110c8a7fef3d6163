import { z } from "zod";
import { setRaciEffectSchema } from "@/lib/disputes/effect";
import { ROLES } from "@/lib/permissions";
import type { AuditEntityType } from "./catalog";

// The shape of `before`/`after` for each entity type. Secrets never appear here.
export const userSnapshot = z.object({
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  departmentId: z.string().nullable(),
  active: z.boolean(),
});

export const departmentSnapshot = z.object({
  name: z.string(),
  headUserId: z.string().nullable(),
  archived: z.boolean(),
});

export const settingsSnapshot = z.object({
  disputeSlaDays: z.number().int(),
  staleCheckInDays: z.number().int(),
});

export const sessionSnapshot = z.object({
  email: z.string(),
  outcome: z.enum(["success", "invalid_credentials", "locked"]),
  failuresInWindow: z.number().int().optional(),
});

export const journeySnapshot = z.object({
  name: z.string(),
  description: z.string(),
  segment: z.string(),
  status: z.enum(["draft", "active", "archived"]),
});

const raciEntry = z.object({ departmentId: z.string(), raci: z.enum(["accountable", "responsible", "consulted", "informed"]), personId: z.string().nullable() });

export const stageSnapshot = z.object({
  journeyId: z.string(),
  name: z.string(),
  customerGoal: z.string(),
  emotionScore: z.number().int().nullable(),
  position: z.number().int(),
  archived: z.boolean(),
  // Ownership events carry the stage's current RACI set before and after.
  ownership: z.array(raciEntry),
});

export const handoffSnapshot = z.object({
  stageId: z.string(),
  fromDepartmentId: z.string(),
  toDepartmentId: z.string(),
  status: z.enum(["pending", "accepted", "declined", "cancelled", "expired"]),
  goalDisposition: z.enum(["move", "retire"]),
  note: z.string(),
  forced: z.boolean(),
  responseReason: z.string().nullable(),
});

export const objectiveSnapshot = z.object({ title: z.string(), description: z.string(), periodStart: z.string(), periodEnd: z.string(), archived: z.boolean() });

export const goalSnapshot = z.object({
  stageId: z.string(),
  departmentId: z.string(),
  title: z.string(),
  description: z.string(),
  metricName: z.string(),
  metricUnit: z.string(),
  baseline: z.string(),
  target: z.string(),
  direction: z.enum(["increase", "decrease"]),
  startDate: z.string(),
  dueDate: z.string(),
  ownerId: z.string(),
  objectiveId: z.string(),
  budget: z.string(),
  people: z.number().int(),
  resourcesNote: z.string(),
  status: z.enum(["draft", "active", "achieved", "missed", "cancelled"]),
  statusReason: z.string().nullable(),
});

export const checkInSnapshot = z.object({ goalId: z.string(), value: z.string(), confidence: z.enum(["high", "medium", "low"]), note: z.string(), measuredOn: z.string() });

export const disputeSnapshot = z.object({
  kind: z.enum(["ownership", "handoff", "standards", "resources", "other"]),
  stageId: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  status: z.enum(["open", "under_review", "decided", "withdrawn"]),
  parties: z.array(z.string()),
  departmentId: z.string(),
  statement: z.string(),
  proposal: z.string(),
  comment: z.string(),
  reason: z.string().nullable(),
});

export const decisionSnapshot = z.object({
  disputeId: z.string(),
  outcome: z.string(),
  rationale: z.string(),
  optionsConsidered: z.string(),
  effect: setRaciEffectSchema.nullable(),
  supersedesId: z.string().nullable(),
});

export const auditPayloadSchemas: Record<AuditEntityType, z.ZodType> = {
  user: userSnapshot.partial(),
  department: departmentSnapshot.partial(),
  settings: settingsSnapshot.partial(),
  session: sessionSnapshot,
  journey: journeySnapshot.partial(),
  stage: stageSnapshot.partial(),
  handoff: handoffSnapshot.partial(),
  objective: objectiveSnapshot.partial(),
  goal: goalSnapshot.partial(),
  check_in: checkInSnapshot.partial(),
  dispute: disputeSnapshot.partial(),
  decision: decisionSnapshot.partial(),
};
