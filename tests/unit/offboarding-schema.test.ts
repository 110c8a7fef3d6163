import { describe, expect, it } from "vitest";
import { confirmOffboardingSchema } from "@/lib/offboarding/schemas";
import { zodFieldErrors } from "@/lib/validation";

const base = { subjectKind: "person", subjectId: "00000000-0000-4000-8000-000000000001", fingerprint: "a".repeat(64) };
const successor = "00000000-0000-4000-8000-000000000002";

describe("the offboarding confirmation", () => {
  it("reads each item's choice from its own form field, trimmed; blank leaves it flagged", () => {
    const parsed = confirmOffboardingSchema.parse({ ...base, [`choice:stage:s1`]: ` ${successor} `, [`choice:goal:g1`]: "" });
    expect(parsed.choices).toEqual({ "stage:s1": successor, "goal:g1": "" });
  });

  it("names a bad choice after the form field it came from, so the error summary can link to it", () => {
    for (const bad of ["nobody", 42, { id: successor }, ["x"]]) {
      const result = confirmOffboardingSchema.safeParse({ ...base, "choice:stage:s1": bad });
      expect(result.success).toBe(false);
      if (!result.success) expect(zodFieldErrors(result.error)).toEqual({ "choice:stage:s1": ["Choose a successor from the list, or leave it flagged."] });
    }
  });
});
