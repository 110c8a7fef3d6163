import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as authSchemas from "@/lib/auth/credentials-schema";
import * as auditQueries from "@/lib/audit/queries";
import * as departmentSchemas from "@/lib/departments/schemas";
import * as disputeSchemas from "@/lib/disputes/schemas";
import * as goalSchemas from "@/lib/goals/schemas";
import * as journeySchemas from "@/lib/journeys/schemas";
import * as ownershipSchemas from "@/lib/ownership/schemas";
import * as settingsSchemas from "@/lib/settings/schemas";
import * as userSchemas from "@/lib/users/schemas";
import { auditFilterSchema } from "@/lib/audit/queries";
import { decisionLogFilterSchema } from "@/lib/disputes/schemas";
import { recordCheckInSchema } from "@/lib/goals/schemas";
import { userFilterSchema } from "@/lib/users/schemas";
import { dateProblem, isIsoDate, parseFilters, payloadObject, textProblem, zodFieldErrors } from "@/lib/validation";

describe("textProblem", () => {
  it("accepts ordinary text, tabs, line breaks and emoji", () => {
    for (const ok of ["", "Delivery", "two\nlines\r\n\tindented", "Ünïcødé – “quotes” 👍🏽", "מסירה", "€ 100"]) expect(textProblem(ok)).toBeNull();
  });

  it("names a NUL or other control character and where it is, counting characters as a person does", () => {
    expect(textProblem("Hello world\u0000!")).toBe("Remove the invisible control character (U+0000) at position 12.");
    expect(textProblem("👍👍\u0007")).toBe("Remove the invisible control character (U+0007) at position 3.");
    expect(textProblem("a\u007f")).toBe("Remove the invisible control character (U+007F) at position 2.");
    expect(textProblem("a\u0085")).toBe("Remove the invisible control character (U+0085) at position 2.");
  });

  it.each(["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])("refuses the bidirectional control %j", (c) => {
    const hex = c.charCodeAt(0).toString(16).toUpperCase();
    expect(textProblem(`abc${c}def`)).toBe(`Remove the invisible text-direction character (U+${hex}) at position 4.`);
  });

  it("refuses lone surrogates, high or low, but not a proper pair", () => {
    expect(textProblem("x\ud800")).toBe("Remove the broken character at position 2 (half of an emoji or symbol).");
    expect(textProblem("x\ud800y")).toBe("Remove the broken character at position 2 (half of an emoji or symbol).");
    expect(textProblem("\udfffy")).toBe("Remove the broken character at position 1 (half of an emoji or symbol).");
    expect(textProblem("\ud83d\ude00")).toBeNull();
  });
});

// Every field of every input schema that takes free text must refuse unsafe characters. Found
// automatically: a field that accepts a plain sentence (or an email address) as a string is a
// text field, so a field added later is covered without touching this test.
const MODULES = { authSchemas, auditQueries, departmentSchemas, disputeSchemas, goalSchemas, journeySchemas, ownershipSchemas, settingsSchemas, userSchemas };
const SAMPLES = ["Plain text, long enough: ok", "name@example.com"];

function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  if (schema instanceof z.ZodIntersection) return { ...fieldsOf(schema.def.left as z.ZodType), ...fieldsOf(schema.def.right as z.ZodType) };
  if (schema instanceof z.ZodPipe) return fieldsOf(schema.def.in as z.ZodType);
  return {};
}

const textFields: Array<{ where: string; field: z.ZodType; sample: string }> = [];
for (const [mod, exports] of Object.entries(MODULES)) {
  for (const [name, value] of Object.entries(exports)) {
    if (!(value instanceof z.ZodType) || !name.endsWith("Schema")) continue;
    for (const [key, f] of Object.entries(fieldsOf(value))) {
      const field = f instanceof z.ZodCatch ? (f.unwrap() as z.ZodType) : f;
      const sample = SAMPLES.find((s) => {
        const r = field.safeParse(s);
        return r.success && typeof r.data === "string";
      });
      if (sample) textFields.push({ where: `${mod}.${name}.${key}`, field, sample });
    }
  }
}

describe("every text field of every schema", () => {
  it("finds the text fields (sanity check of the discovery)", () => {
    const names = textFields.map((t) => t.where);
    expect(names.length).toBeGreaterThan(40);
    for (const n of ["journeySchemas.createJourneySchema.name", "ownershipSchemas.respondHandoffSchema.reason", "userSchemas.createUserSchema.email", "authSchemas.signInSchema.password", "disputeSchemas.decisionLogFilterSchema.q", "goalSchemas.recordCheckInSchema.note"]) {
      expect(names).toContain(n);
    }
  });

  it.each([
    ["NUL", "\u0000", "Remove the invisible control character (U+0000) at position 6."],
    ["a right-to-left override", "\u202e", "Remove the invisible text-direction character (U+202E) at position 6."],
    ["a lone surrogate", "\ud800", "Remove the broken character at position 6 (half of an emoji or symbol)."],
  ])("refuses %s with a message naming it and its position", (_what, bad, message) => {
    for (const { where, field, sample } of textFields) {
      const r = field.safeParse(`${sample.slice(0, 5)}${bad}${sample.slice(5)}`);
      expect(r.success, where).toBe(false);
      if (!r.success) expect(r.error.issues.map((i) => i.message), where).toContain(message);
    }
  });
});

describe("dates", () => {
  it.each([
    ["2024-02-29", null],
    ["1900-01-01", null],
    ["9999-12-31", null],
    ["0000-01-01", "must be in a year from 1900 to 9999."],
    ["1899-12-31", "must be in a year from 1900 to 9999."],
    ["2021-02-30", "is not a real calendar date."],
    ["2021-13-01", "is not a real calendar date."],
    ["10000-01-01", "must be a date (YYYY-MM-DD)."],
    ["01/02/2021", "must be a date (YYYY-MM-DD)."],
    ["", "must be a date (YYYY-MM-DD)."],
  ])("%j → %j", (v, problem) => {
    expect(dateProblem(v)).toBe(problem);
    expect(isIsoDate(v)).toBe(problem === null);
  });

  it("form dates say what is wrong, with the field's name", () => {
    const r = recordCheckInSchema.safeParse({ goalId: "0b8f2a9c-1d3e-4f5a-8b6c-7d8e9f0a1b2c", value: "3", confidence: "high", note: "", measuredOn: "0000-01-01" });
    expect(r.success).toBe(false);
    if (!r.success) expect(zodFieldErrors(r.error).measuredOn).toEqual(["Date must be in a year from 1900 to 9999."]);
  });
});

describe("URL filters", () => {
  it("drops a bad filter and says which one and why", () => {
    const { filter, ignored } = parseFilters(auditFilterSchema, { from: "0000-01-01", to: "2024-01-31", entityType: "nonsense" });
    expect(filter).toMatchObject({ from: undefined, to: "2024-01-31", entityType: undefined });
    expect(ignored).toHaveLength(2);
    expect(ignored).toEqual(
      expect.arrayContaining([
        { name: "entityType", problem: "is not a valid value." },
        { name: "from", problem: "must be in a year from 1900 to 9999." },
      ]),
    );
  });

  it("refuses a NUL in a search box instead of sending it to the database", () => {
    expect(parseFilters(decisionLogFilterSchema, { q: "\u0000" })).toEqual({
      filter: { q: undefined, stageId: undefined, departmentId: undefined, kind: undefined, from: undefined, to: undefined },
      ignored: [{ name: "q", problem: "Remove the invisible control character (U+0000) at position 1." }],
    });
    expect(parseFilters(userFilterSchema, { q: ["a", "b"] }).ignored).toEqual([{ name: "q", problem: "was given more than once." }]);
  });

  it("lists nothing for absent or empty filters", () => {
    expect(parseFilters(auditFilterSchema, { from: "", to: undefined }).ignored).toEqual([]);
  });
});

describe("payloadObject", () => {
  it("reads a form, passes a plain object, and treats anything else as an empty form", () => {
    const form = new FormData();
    form.append("name", "A");
    expect(payloadObject(form)).toEqual({ name: "A" });
    expect(payloadObject({ name: "B" })).toEqual({ name: "B" });
    for (const junk of ["text", 42, null, undefined, ["name", "C"], new Map([["name", "D"]]), new Date()]) expect(payloadObject(junk)).toEqual({});
  });

  it("keeps form keys that name Object.prototype's properties as plain fields", () => {
    const form = new FormData();
    form.append("__proto__", "x");
    form.append("constructor", "y");
    form.append("toString", "z");
    const out = payloadObject(form);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out).toEqual({ constructor: "y", toString: "z" });
  });
});
