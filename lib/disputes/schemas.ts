import { z } from "zod";
import { checkboxField, dateParam, optionalTextField, optionalUuidField, textField, textParam, uuidField } from "@/lib/validation";
import { KINDS_NEEDING_STAGE } from "./rules";

const text = optionalTextField;
const uuidList = z.preprocess(
  (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]),
  z.array(z.string().pipe(z.uuid("That department does not exist."))).max(20, "Choose at most 20 departments."),
);

export const raiseDisputeSchema = z
  .object({
    kind: z.enum(["ownership", "handoff", "standards", "resources", "other"], { error: "Choose what the dispute is about." }),
    stageId: optionalUuidField("stage"),
    handoffId: optionalUuidField("handoff"),
    title: textField("Title", 160),
    description: textField("Description", 4000),
    partyDepartmentIds: uuidList,
  })
  .superRefine((v, ctx) => {
    if (!v || typeof v !== "object") return;
    if (KINDS_NEEDING_STAGE.includes(v.kind) && !v.stageId) {
      ctx.addIssue({ code: "custom", path: ["stageId"], message: "Choose the stage this dispute is about (required for ownership and handoff disputes)." });
    }
    if (!Array.isArray(v.partyDepartmentIds) || v.partyDepartmentIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["partyDepartmentIds"], message: "Choose at least one other department involved." });
    }
  }, { when: () => true });
export type RaiseDisputeInput = z.output<typeof raiseDisputeSchema>;

export const statementSchema = z.object({
  disputeId: uuidField("dispute"),
  departmentId: uuidField("department"),
  statement: textField("Statement", 4000),
  proposal: text("Proposal", 2000),
});

export const commentSchema = z.object({ disputeId: uuidField("dispute"), body: textField("Comment", 2000) });
export const takeDisputeSchema = z.object({ disputeId: uuidField("dispute") });
export const withdrawDisputeSchema = z.object({ disputeId: uuidField("dispute"), reason: textField("Reason", 1000) });

// The RACI the decision form was pre-filled with (a hidden field, JSON): the command applies
// what the CCO changed from it to the stage's RACI as it is when the decision is recorded.
const BASIS_ERROR = "The form's starting point is unreadable; reload the page.";
const basisIds = z.array(z.uuid(BASIS_ERROR), { error: BASIS_ERROR }).max(50, BASIS_ERROR);
export const raciSetSchema = z.object(
  {
    accountable: z.object({ departmentId: z.uuid(BASIS_ERROR), personId: z.uuid(BASIS_ERROR) }, { error: BASIS_ERROR }).nullable(),
    responsible: basisIds,
    consulted: basisIds,
    informed: basisIds,
  },
  { error: BASIS_ERROR },
);
const raciBasisField = z.preprocess((v) => {
  if (v == null || v === "") return null;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return BASIS_ERROR;
  }
}, raciSetSchema.nullable());

export const decideSchema = z
  .object({
    disputeId: uuidField("dispute"),
    outcome: textField("Outcome", 1000),
    rationale: textField("Rationale", 4000),
    optionsConsidered: text("Options considered", 4000),
    supersedesId: optionalUuidField("decision"),
    // The effect: the stage's complete RACI after the decision (accountable department and
    // person, and every responsible, consulted and informed department).
    assignOwnership: checkboxField.default(false),
    effectDepartmentId: optionalUuidField("department"),
    effectPersonId: optionalUuidField("person"),
    effectResponsible: uuidList,
    effectConsulted: uuidList,
    effectInformed: uuidList,
    effectBasis: raciBasisField.default(null),
  })
  .superRefine((v, ctx) => {
    if (!v || typeof v !== "object" || !v.assignOwnership) return;
    if (!v.effectDepartmentId) ctx.addIssue({ code: "custom", path: ["effectDepartmentId"], message: "Choose the department that will own the stage." });
    if (!v.effectPersonId) ctx.addIssue({ code: "custom", path: ["effectPersonId"], message: "Choose the accountable person." });
    // A department holds one RACI role on a stage; the database enforces it too.
    const seen = new Map<string, string>(v.effectDepartmentId ? [[v.effectDepartmentId, "accountable"]] : []);
    for (const [field, role] of [["effectResponsible", "responsible"], ["effectConsulted", "consulted"], ["effectInformed", "informed"]] as const) {
      for (const id of Array.isArray(v[field]) ? v[field] : []) {
        const prev = seen.get(id);
        if (prev) ctx.addIssue({ code: "custom", path: [field], message: `A department can hold only one role on a stage; one is already ${prev}.` });
        else seen.set(id, role);
      }
    }
  }, { when: () => true });
export type DecideInput = z.output<typeof decideSchema>;

export const decisionLogFilterSchema = z.object({
  q: textParam(200).optional().catch(undefined),
  stageId: z.uuid().optional().catch(undefined),
  departmentId: z.uuid().optional().catch(undefined),
  kind: z.enum(["ownership", "handoff", "standards", "resources", "other"]).optional().catch(undefined),
  from: dateParam.optional().catch(undefined),
  to: dateParam.optional().catch(undefined),
});
export type DecisionLogFilter = z.infer<typeof decisionLogFilterSchema>;

export const disputeListFilterSchema = z.object({
  status: z.enum(["active", "open", "under_review", "decided", "withdrawn", "all"]).default("active").catch("active"),
  kind: z.enum(["ownership", "handoff", "standards", "resources", "other"]).optional().catch(undefined),
  departmentId: z.uuid().optional().catch(undefined),
});
