import { z } from "zod";
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

export const auditPayloadSchemas: Record<AuditEntityType, z.ZodType> = {
  user: userSnapshot.partial(),
  department: departmentSnapshot.partial(),
  settings: settingsSnapshot.partial(),
  session: sessionSnapshot,
};
