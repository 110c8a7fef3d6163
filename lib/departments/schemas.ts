import { z } from "zod";
import { optionalUuidField, safeText, textField, uuidField } from "@/lib/validation";

export const departmentName = textField("Department name", 80);

export const createDepartmentSchema = z.object({ name: departmentName });
export const renameDepartmentSchema = z.object({ departmentId: uuidField("department"), name: departmentName });
export const setDepartmentHeadSchema = z.object({
  departmentId: uuidField("department"),
  headUserId: optionalUuidField("person"),
});
export const archiveDepartmentSchema = z.object({
  departmentId: uuidField("department"),
  reason: safeText("Reason must be text.").trim().max(500, "Reason must be at most 500 characters.").optional(),
});
export const restoreDepartmentSchema = z.object({ departmentId: uuidField("department") });
