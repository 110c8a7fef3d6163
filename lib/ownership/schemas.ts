import { z } from "zod";
import { checkboxField, optionalTextField, textField, uuidField } from "@/lib/validation";

// Multi-selects arrive from FormData as one string, several strings, or nothing.
const uuidList = (what: string) =>
  z.preprocess(
    (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]),
    z.array(z.string().pipe(z.uuid(`That ${what} does not exist.`))).max(50, `Choose at most 50 ${what}s.`),
  );

const optionalReason = optionalTextField("Reason", 500);

export const assignOwnershipSchema = z
  .object({
    stageId: uuidField("stage"),
    departmentId: uuidField("accountable department"),
    personId: uuidField("accountable person"),
    responsible: uuidList("department"),
    consulted: uuidList("department"),
    informed: uuidList("department"),
    reason: textField("Reason", 500),
  })
  .superRefine((v, ctx) => {
    // A department holds one RACI role on a stage; the database enforces it too.
    const seen = new Map<string, string>([[v.departmentId, "accountable"]]);
    for (const role of ["responsible", "consulted", "informed"] as const) {
      for (const id of v[role]) {
        const prev = seen.get(id);
        if (prev) ctx.addIssue({ code: "custom", path: [role], message: `A department can hold only one role on a stage; one is already ${prev}.` });
        else seen.set(id, role);
      }
    }
  });
export type AssignOwnershipInput = z.output<typeof assignOwnershipSchema>;

export const claimStageSchema = z.object({ stageId: uuidField("stage"), reason: optionalReason });

export const proposeHandoffSchema = z.object({
  stageId: uuidField("stage"),
  toDepartmentId: uuidField("receiving department"),
  note: textField("Note", 1000),
  goalDisposition: z.enum(["move", "retire"], { error: "Choose what happens to the stage's open goals." }),
  force: checkboxField.default(false),
});
export type ProposeHandoffInput = z.output<typeof proposeHandoffSchema>;

export const respondHandoffSchema = z
  .object({
    handoffId: uuidField("handoff"),
    response: z.enum(["accept", "decline"], { error: "Choose accept or decline." }),
    reason: optionalReason,
  })
  .refine((v) => v.response === "accept" || v.reason.length > 0, { path: ["reason"], message: "Say why you decline, so the proposer can respond." });

export const cancelHandoffSchema = z.object({ handoffId: uuidField("handoff"), reason: optionalReason });
