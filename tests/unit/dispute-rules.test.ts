import { describe, expect, it } from "vitest";
import {
  canComment,
  canTransition,
  canWriteStatement,
  isOverdue,
  nextStatus,
  type DisputeStatus,
  type DisputeTransition,
} from "@/lib/disputes/rules";
import { commentSchema, decideSchema, decisionLogFilterSchema, raiseDisputeSchema, statementSchema, withdrawDisputeSchema } from "@/lib/disputes/schemas";
import type { Role } from "@/lib/permissions";
import { zodFieldErrors } from "@/lib/validation";

const A = "0b6a4f8e-1c2d-4e5f-8a9b-000000000001"; // the raiser's department
const B = "0b6a4f8e-1c2d-4e5f-8a9b-000000000002"; // the other party
const C = "0b6a4f8e-1c2d-4e5f-8a9b-000000000003"; // not a party
const STAGE = "0b6a4f8e-1c2d-4e5f-8a9b-0000000000aa";

type RuleActor = { id: string; role: Role; departmentId: string | null };
const actors = {
  cco: { id: "u-cco", role: "cco", departmentId: null },
  raiser: { id: "u-raiser", role: "head", departmentId: A },
  otherHead: { id: "u-head-b", role: "head", departmentId: B },
  outsideHead: { id: "u-head-c", role: "head", departmentId: C },
  executive: { id: "u-exec", role: "executive", departmentId: null },
  member: { id: "u-member-a", role: "member", departmentId: A },
  admin: { id: "u-admin", role: "admin", departmentId: null },
} satisfies Record<string, RuleActor>;
type ActorName = keyof typeof actors;

const STATUSES: DisputeStatus[] = ["open", "under_review", "decided", "withdrawn"];
const dispute = (status: DisputeStatus, raisedById = actors.raiser.id) => ({ status, raisedById, partyDepartmentIds: [A, B] });

const ok = { ok: true };
const no = (code: "forbidden" | "conflict", message: string) => ({ ok: false, code, message });
const DECIDED = no("conflict", "This dispute is already decided; record a new dispute to revisit it.");
const WITHDRAWN = no("conflict", "This dispute was withdrawn.");
const ONLY_CCO_REVIEW = no("forbidden", "Only the CCO can take a dispute under review.");
const ONLY_CCO_DECIDE = no("forbidden", "Only the CCO can record a decision.");
const ONLY_RAISER = no("forbidden", "Only the person who raised this dispute can withdraw it.");

// Expected verdicts in the order open, under review, decided, withdrawn.
type Row = [object, object, object, object];
const allOf = (v: object): Row => [v, v, v, v];
const EXPECTED: Record<DisputeTransition, Record<ActorName, Row>> = {
  take_under_review: {
    cco: [ok, no("conflict", "This dispute is already under review."), DECIDED, WITHDRAWN],
    raiser: allOf(ONLY_CCO_REVIEW),
    otherHead: allOf(ONLY_CCO_REVIEW),
    outsideHead: allOf(ONLY_CCO_REVIEW),
    executive: allOf(ONLY_CCO_REVIEW),
    member: allOf(ONLY_CCO_REVIEW),
    admin: allOf(ONLY_CCO_REVIEW),
  },
  decide: {
    cco: [no("conflict", "Take the dispute under review before deciding it."), ok, DECIDED, WITHDRAWN],
    raiser: allOf(ONLY_CCO_DECIDE),
    otherHead: allOf(ONLY_CCO_DECIDE),
    outsideHead: allOf(ONLY_CCO_DECIDE),
    executive: allOf(ONLY_CCO_DECIDE),
    member: allOf(ONLY_CCO_DECIDE),
    admin: allOf(ONLY_CCO_DECIDE),
  },
  withdraw: {
    cco: allOf(ONLY_RAISER),
    raiser: [ok, no("conflict", "A dispute under review can no longer be withdrawn."), DECIDED, WITHDRAWN],
    otherHead: allOf(ONLY_RAISER),
    outsideHead: allOf(ONLY_RAISER),
    executive: allOf(ONLY_RAISER),
    member: allOf(ONLY_RAISER),
    admin: allOf(ONLY_RAISER),
  },
};

describe("canTransition: every status × transition × actor", () => {
  const cases = (Object.keys(EXPECTED) as DisputeTransition[]).flatMap((t) =>
    (Object.keys(EXPECTED[t]) as ActorName[]).flatMap((a) => STATUSES.map((s, i) => [t, a, s, EXPECTED[t][a][i]!] as const)),
  );
  it("the table covers 3 transitions × 7 actors × 4 statuses", () => expect(cases).toHaveLength(84));

  it.each(cases)("%s by %s from %s", (transition, actor, status, expected) => {
    expect(canTransition(actors[actor], dispute(status), transition)).toEqual(expected);
  });

  it("a CCO who raised a dispute may withdraw it while open, like any raiser", () => {
    expect(canTransition(actors.cco, dispute("open", actors.cco.id), "withdraw")).toEqual(ok);
    expect(canTransition(actors.cco, dispute("under_review", actors.cco.id), "withdraw")).toEqual(no("conflict", "A dispute under review can no longer be withdrawn."));
  });

  it("an executive who raised a dispute may withdraw it, but still not decide it", () => {
    expect(canTransition(actors.executive, dispute("open", actors.executive.id), "withdraw")).toEqual(ok);
    expect(canTransition(actors.executive, dispute("under_review", actors.executive.id), "decide")).toEqual(ONLY_CCO_DECIDE);
  });

  it("each allowed transition leads to its one next status", () => {
    expect(nextStatus).toEqual({ take_under_review: "under_review", decide: "decided", withdraw: "withdrawn" });
  });
});

describe("canWriteStatement: a party department's head, while the dispute is live", () => {
  const ONLY_PARTY_HEAD = no("forbidden", "Only the head of a party department can write its statement.");
  const NOT_PARTY = no("forbidden", "That department is not a party to this dispute.");
  const cases: [string, ActorName, string, DisputeStatus, object][] = [
    ["the raiser's head for the raiser's department", "raiser", A, "open", ok],
    ["the raiser's head, under review", "raiser", A, "under_review", ok],
    ["the other party's head for its department", "otherHead", B, "open", ok],
    ["the other party's head, under review", "otherHead", B, "under_review", ok],
    ["a party head for the other party's department", "otherHead", A, "open", ONLY_PARTY_HEAD],
    ["the raiser's head for the other party", "raiser", B, "under_review", ONLY_PARTY_HEAD],
    ["a non-party head for its own department", "outsideHead", C, "open", NOT_PARTY],
    ["a non-party head for a party department", "outsideHead", B, "open", ONLY_PARTY_HEAD],
    ["the CCO for a party", "cco", A, "open", ONLY_PARTY_HEAD],
    ["the CCO for a non-party department", "cco", C, "under_review", NOT_PARTY],
    ["an executive", "executive", B, "open", ONLY_PARTY_HEAD],
    ["a member of a party department", "member", A, "open", ONLY_PARTY_HEAD],
    ["an admin", "admin", A, "open", ONLY_PARTY_HEAD],
    ["a party head once decided", "raiser", A, "decided", DECIDED],
    ["a party head once withdrawn", "otherHead", B, "withdrawn", WITHDRAWN],
    ["anyone once closed (closed is said first)", "outsideHead", C, "decided", DECIDED],
  ];
  it.each(cases)("%s", (_, actor, department, status, expected) => {
    expect(canWriteStatement(actors[actor], dispute(status), department)).toEqual(expected);
  });

  it("a head without a department cannot write any statement", () => {
    expect(canWriteStatement({ id: "u-x", role: "head", departmentId: null }, dispute("open"), A)).toEqual(ONLY_PARTY_HEAD);
  });
});

describe("canComment: the CCO, executives and heads, while the dispute is live", () => {
  const CLOSED = no("conflict", "This dispute is closed; the discussion is over.");
  const NOT_YOU = no("forbidden", "Only the CCO, executives and department heads can join the discussion.");
  const expected: Record<ActorName, Row> = {
    cco: [ok, ok, CLOSED, CLOSED],
    raiser: [ok, ok, CLOSED, CLOSED],
    otherHead: [ok, ok, CLOSED, CLOSED],
    outsideHead: [ok, ok, CLOSED, CLOSED],
    executive: [ok, ok, CLOSED, CLOSED],
    member: [NOT_YOU, NOT_YOU, CLOSED, CLOSED],
    admin: [NOT_YOU, NOT_YOU, CLOSED, CLOSED],
  };
  const cases = (Object.keys(expected) as ActorName[]).flatMap((a) => STATUSES.map((s, i) => [a, s, expected[a][i]!] as const));
  it.each(cases)("%s on a dispute that is %s", (actor, status, verdict) => {
    expect(canComment(actors[actor], dispute(status))).toEqual(verdict);
  });
});

describe("isOverdue: still open or under review after its due date", () => {
  const now = new Date("2025-03-01T12:00:00.000Z");
  const at = (ms: number) => new Date(now.getTime() + ms);
  it.each([
    ["open, a day late", "open", -86_400_000, true],
    ["under review, a millisecond late", "under_review", -1, true],
    ["open, due this very moment", "open", 0, false],
    ["open, due tomorrow", "open", 86_400_000, false],
    ["decided, long past its due date", "decided", -10 * 86_400_000, false],
    ["withdrawn, past its due date", "withdrawn", -1, false],
  ] as const)("%s → %s", (_, status, offset, expected) => {
    expect(isOverdue({ status, dueBy: at(offset) }, now)).toBe(expected);
  });
});

const errorsOf = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? {} : zodFieldErrors(r.error as never);
};

describe("raiseDisputeSchema", () => {
  const valid = { kind: "ownership", stageId: STAGE, title: "Who owns delivery?", description: "Both of us want it.", partyDepartmentIds: [B] };
  const STAGE_REQUIRED = "Choose the stage this dispute is about (required for ownership and handoff disputes).";

  it("accepts a complete dispute and normalises one checkbox value to a list", () => {
    expect(raiseDisputeSchema.parse({ ...valid, partyDepartmentIds: B, handoffId: "" })).toEqual({ ...valid, handoffId: null, partyDepartmentIds: [B] });
  });
  it.each(["ownership", "handoff"])("a %s dispute requires a stage", (kind) => {
    expect(errorsOf(raiseDisputeSchema, { ...valid, kind, stageId: "" })).toEqual({ stageId: [STAGE_REQUIRED] });
  });
  it.each(["standards", "resources", "other"])("a %s dispute needs no stage", (kind) => {
    expect(raiseDisputeSchema.parse({ ...valid, kind, stageId: "" })).toMatchObject({ kind, stageId: null });
  });
  it.each([[[]], [""], [undefined], [[""]]])("refuses no other party (%j)", (parties) => {
    expect(errorsOf(raiseDisputeSchema, { ...valid, partyDepartmentIds: parties })).toEqual({ partyDepartmentIds: ["Choose at least one other department involved."] });
  });
  it("refuses a party that is not a department id, and more than 20 parties", () => {
    expect(errorsOf(raiseDisputeSchema, { ...valid, partyDepartmentIds: [B, "nope"] })).toEqual({ "partyDepartmentIds.1": ["That department does not exist."] });
    expect(errorsOf(raiseDisputeSchema, { ...valid, partyDepartmentIds: Array(21).fill(B) })).toEqual({ partyDepartmentIds: ["Choose at most 20 departments."] });
  });
  it("reports every missing field at once, the stage and parties included", () => {
    expect(errorsOf(raiseDisputeSchema, { kind: "handoff", title: " ", description: "" })).toEqual({
      title: ["Title is required."],
      description: ["Description is required."],
      stageId: [STAGE_REQUIRED],
      partyDepartmentIds: ["Choose at least one other department involved."],
    });
    expect(errorsOf(raiseDisputeSchema, { ...valid, kind: "turf" })).toEqual({ kind: ["Choose what the dispute is about."] });
  });
});

describe("decideSchema", () => {
  const valid = { disputeId: STAGE, outcome: "Sales owns it", rationale: "Sales talks to the customer at this point." };

  it("accepts a decision without an effect; the effect fields are then optional", () => {
    expect(decideSchema.parse(valid)).toEqual({ ...valid, optionsConsidered: "", supersedesId: null, assignOwnership: false, effectDepartmentId: null, effectPersonId: null, effectBasis: null, effectResponsible: [], effectConsulted: [], effectInformed: [] });
  });
  it("requires the department and the person when the decision assigns ownership", () => {
    expect(errorsOf(decideSchema, { ...valid, assignOwnership: "on" })).toEqual({
      effectDepartmentId: ["Choose the department that will own the stage."],
      effectPersonId: ["Choose the accountable person."],
    });
    expect(errorsOf(decideSchema, { ...valid, assignOwnership: "on", effectDepartmentId: B })).toEqual({ effectPersonId: ["Choose the accountable person."] });
    expect(decideSchema.parse({ ...valid, assignOwnership: "on", effectDepartmentId: B, effectPersonId: A })).toMatchObject({ assignOwnership: true, effectDepartmentId: B, effectPersonId: A });
  });
  it.each([[""], ["   "], [undefined]])("refuses an empty rationale (%j)", (rationale) => {
    expect(errorsOf(decideSchema, { ...valid, rationale })).toEqual({ rationale: ["Rationale is required."] });
  });
  it("refuses an empty outcome, a bad dispute id and a bad superseded decision id together", () => {
    expect(errorsOf(decideSchema, { ...valid, outcome: "", disputeId: "x", supersedesId: "y" })).toEqual({
      disputeId: ["That dispute does not exist."],
      outcome: ["Outcome is required."],
      supersedesId: ["That decision does not exist."],
    });
  });
});

describe("the other dispute schemas", () => {
  it("a statement needs its text; the proposal is optional", () => {
    expect(statementSchema.parse({ disputeId: STAGE, departmentId: A, statement: " Ours " })).toEqual({ disputeId: STAGE, departmentId: A, statement: "Ours", proposal: "" });
    expect(errorsOf(statementSchema, { disputeId: STAGE, departmentId: "", statement: "" })).toEqual({ departmentId: ["Choose department."], statement: ["Statement is required."] });
  });
  it("a comment needs a body and a withdrawal a reason", () => {
    expect(errorsOf(commentSchema, { disputeId: STAGE, body: "  " })).toEqual({ body: ["Comment is required."] });
    expect(errorsOf(withdrawDisputeSchema, { disputeId: STAGE })).toEqual({ reason: ["Reason is required."] });
  });
  it("the decision log filter drops values it cannot use instead of failing", () => {
    expect(decisionLogFilterSchema.parse({ q: " owner ", stageId: "x", departmentId: B, kind: "turf", from: "2025-02-30", to: "2025-03-01" })).toEqual({ q: "owner", departmentId: B, to: "2025-03-01" });
  });
});
