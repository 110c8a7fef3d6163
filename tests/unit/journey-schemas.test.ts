import { describe, expect, it } from "vitest";
import { addStageSchema, createJourneySchema, moveStageSchema, updateJourneySchema, updateStageSchema } from "@/lib/journeys/schemas";
import { assignOwnershipSchema, cancelHandoffSchema, claimStageSchema, proposeHandoffSchema, respondHandoffSchema } from "@/lib/ownership/schemas";
import { formDataToObject, zodFieldErrors } from "@/lib/validation";

const STAGE = "6c1f6a2e-3b7e-4c1a-9a55-1f2d3c4b5a69";
const JOURNEY = "7d2a7b3f-4c8f-4d2b-8b66-2a3e4d5c6b7a";
const D1 = "0b8f2a9c-1d3e-4f5a-8b6c-7d8e9f0a1b2c";
const D2 = "1c9a3bad-2e4f-4a6b-9c7d-8e9f0a1b2c3d";
const D3 = "2dab4cbe-3f5a-4b7c-8d8e-9fa0b1c2d3e4";
const PERSON = "3ebc5dcf-4a6b-4c8d-9e9f-a0b1c2d3e4f5";

function errorsOf(result: { success: boolean; error?: unknown }) {
  if (result.success) return {};
  return zodFieldErrors(result.error as Parameters<typeof zodFieldErrors>[0]);
}

describe("emotion score (−2 … +2, optional)", () => {
  const WHOLE = "Emotion score must be a whole number from -2 to +2.";
  const RANGE = "Emotion score must be between -2 and +2.";
  const parse = (emotionScore: unknown) => addStageSchema.safeParse({ journeyId: JOURNEY, name: "Delivery", emotionScore });

  it.each([
    ["-2", -2], ["-1", -1], ["0", 0], ["1", 1], ["2", 2], ["+2", 2], [" 1 ", 1], [-2, -2], [2, 2],
  ] as const)("accepts %j as %i", (input, expected) => {
    const r = parse(input);
    expect(r.success && r.data.emotionScore).toBe(expected);
  });

  it.each([[""], ["   "], [null], [undefined]])("reads %j as no score (null), never as 0", (input) => {
    const r = parse(input);
    expect(r.success, JSON.stringify(errorsOf(r))).toBe(true);
    expect(r.success && r.data.emotionScore).toBeNull();
  });

  it.each([
    ["3", RANGE], ["-3", RANGE], [100, RANGE], ["1.5", WHOLE], [0.5, WHOLE], ["abc", WHOLE], ["Infinity", WHOLE], ["2e0x", WHOLE],
    [true, WHOLE], [[], WHOLE], [["1", "2"], WHOLE], [{}, WHOLE],
  ] as const)("refuses %j with a specific message", (input, message) => {
    expect(errorsOf(parse(input))).toEqual({ emotionScore: [message] });
  });

  it("applies the same rule when editing a stage", () => {
    expect(errorsOf(updateStageSchema.safeParse({ stageId: STAGE, name: "Delivery", emotionScore: "-5" }))).toEqual({ emotionScore: [RANGE] });
    expect(updateStageSchema.safeParse({ stageId: STAGE, name: "Delivery", emotionScore: "" })).toMatchObject({ success: true, data: { emotionScore: null } });
  });
});

describe("journey and stage fields", () => {
  it("a new journey is a draft unless made active; it cannot be created archived", () => {
    expect(createJourneySchema.parse({ name: "  Onboarding  " })).toEqual({ name: "Onboarding", description: "", segment: "", status: "draft" });
    expect(createJourneySchema.parse({ name: "Onboarding", status: "active" }).status).toBe("active");
    expect(errorsOf(createJourneySchema.safeParse({ name: "Onboarding", status: "archived" }))).toEqual({ status: ["Choose draft or active."] });
    expect(errorsOf(updateJourneySchema.safeParse({ journeyId: JOURNEY, name: "X", status: "archived" }))).toEqual({ status: ["Choose draft or active."] });
  });

  it("returns every field error at once", () => {
    expect(errorsOf(createJourneySchema.safeParse({ name: " ", segment: "s".repeat(201) }))).toEqual({
      name: ["Journey name is required."],
      segment: ["Customer segment must be at most 200 characters."],
    });
    expect(errorsOf(addStageSchema.safeParse({ journeyId: "nope", name: "n".repeat(121), emotionScore: "9" }))).toEqual({
      journeyId: ["That journey does not exist."],
      name: ["Stage name must be at most 120 characters."],
      emotionScore: ["Emotion score must be between -2 and +2."],
    });
  });
});

describe("moveStageSchema", () => {
  const POSITION = "That position is not valid.";
  it("coerces the position a form posts", () => {
    expect(moveStageSchema.parse({ stageId: STAGE, direction: "down", expectedPosition: "3" })).toEqual({ stageId: STAGE, direction: "down", expectedPosition: 3 });
  });
  it.each([[""], ["0"], ["-1"], ["1.5"], ["abc"], [null]])("refuses position %j with one clear message", (expectedPosition) => {
    expect(errorsOf(moveStageSchema.safeParse({ stageId: STAGE, direction: "up", expectedPosition }))).toEqual({ expectedPosition: [POSITION] });
  });
  it("requires a direction and a stage", () => {
    expect(errorsOf(moveStageSchema.safeParse({ stageId: "", direction: "left", expectedPosition: 1 }))).toEqual({
      stageId: ["Choose stage."],
      direction: ["Choose up or down."],
    });
  });
});

describe("assignOwnershipSchema", () => {
  const valid = { stageId: STAGE, departmentId: D1, personId: PERSON, reason: "Operations runs the warehouse" };
  const ONE_ROLE = (prev: string) => `A department can hold only one role on a stage; one is already ${prev}.`;

  it("R/C/I lists may be missing, empty, one string or several", () => {
    expect(assignOwnershipSchema.parse(valid)).toMatchObject({ responsible: [], consulted: [], informed: [] });
    const r = assignOwnershipSchema.parse({ ...valid, responsible: "", consulted: D2, informed: [D3, ""] });
    expect(r).toMatchObject({ responsible: [], consulted: [D2], informed: [D3] });
  });

  it("reads a multi-select form post (repeated keys) the same as a list", () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(valid)) form.append(k, v);
    form.append("informed", D2);
    form.append("informed", D3);
    expect(assignOwnershipSchema.parse(formDataToObject(form)).informed).toEqual([D2, D3]);
  });

  it("refuses the accountable department in a second role, with a specific message", () => {
    expect(errorsOf(assignOwnershipSchema.safeParse({ ...valid, consulted: [D1] }))).toEqual({ consulted: [ONE_ROLE("accountable")] });
  });

  it("refuses a department in two of R/C/I, or twice in one list", () => {
    expect(errorsOf(assignOwnershipSchema.safeParse({ ...valid, responsible: D2, informed: [D3, D2] }))).toEqual({ informed: [ONE_ROLE("responsible")] });
    expect(errorsOf(assignOwnershipSchema.safeParse({ ...valid, consulted: [D2, D2] }))).toEqual({ consulted: [ONE_ROLE("consulted")] });
  });

  it("names every bad field: ids, reason, list entries", () => {
    expect(errorsOf(assignOwnershipSchema.safeParse({ stageId: "x", departmentId: "", personId: "also bad", responsible: ["nope"], reason: "  " }))).toEqual({
      stageId: ["That stage does not exist."],
      departmentId: ["Choose accountable department."],
      personId: ["That accountable person does not exist."],
      "responsible.0": ["That department does not exist."],
      reason: ["Reason is required."],
    });
  });

  it("caps a list at 50 departments", () => {
    const many = Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    expect(errorsOf(assignOwnershipSchema.safeParse({ ...valid, informed: many })).informed).toContain("Choose at most 50 departments.");
  });
});

describe("handoff schemas", () => {
  const DECLINE = "Say why you decline, so the proposer can respond.";
  const HANDOFF = STAGE;

  it("accepting needs no reason; declining needs one, blank does not count", () => {
    expect(respondHandoffSchema.parse({ handoffId: HANDOFF, response: "accept" })).toEqual({ handoffId: HANDOFF, response: "accept", reason: "" });
    expect(errorsOf(respondHandoffSchema.safeParse({ handoffId: HANDOFF, response: "decline" }))).toEqual({ reason: [DECLINE] });
    expect(errorsOf(respondHandoffSchema.safeParse({ handoffId: HANDOFF, response: "decline", reason: "   " }))).toEqual({ reason: [DECLINE] });
    expect(respondHandoffSchema.parse({ handoffId: HANDOFF, response: "decline", reason: " No capacity " }).reason).toBe("No capacity");
  });

  it("refuses an unknown answer and an over-long reason", () => {
    expect(errorsOf(respondHandoffSchema.safeParse({ handoffId: HANDOFF, response: "maybe" }))).toEqual({ response: ["Choose accept or decline."] });
    expect(errorsOf(respondHandoffSchema.safeParse({ handoffId: HANDOFF, response: "decline", reason: "r".repeat(501) }))).toEqual({
      reason: ["Reason must be at most 500 characters."],
    });
  });

  it("a proposal needs a note and a goal disposition; force is an unticked checkbox by default", () => {
    const base = { stageId: STAGE, toDepartmentId: D2, note: "Service owns returns", goalDisposition: "move" };
    expect(proposeHandoffSchema.parse(base).force).toBe(false);
    expect(proposeHandoffSchema.parse({ ...base, force: "on" }).force).toBe(true);
    expect(errorsOf(proposeHandoffSchema.safeParse({ stageId: STAGE, toDepartmentId: "", note: "" }))).toEqual({
      toDepartmentId: ["Choose receiving department."],
      note: ["Note is required."],
      goalDisposition: ["Choose what happens to the stage's open goals."],
    });
  });

  it("claim and cancel take an optional reason", () => {
    expect(claimStageSchema.parse({ stageId: STAGE })).toEqual({ stageId: STAGE, reason: "" });
    expect(cancelHandoffSchema.parse({ handoffId: HANDOFF, reason: null })).toEqual({ handoffId: HANDOFF, reason: "" });
    expect(errorsOf(claimStageSchema.safeParse({ stageId: "", reason: "r".repeat(501) }))).toEqual({
      stageId: ["Choose stage."],
      reason: ["Reason must be at most 500 characters."],
    });
  });
});
