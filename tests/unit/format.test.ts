import { describe, expect, it } from "vitest";
import { plural, pluralNoun } from "@/lib/format";

describe("plural", () => {
  it("uses the singular for exactly one", () => {
    expect(plural(1, "stage")).toBe("1 stage");
    expect(plural(-1, "day")).toBe("-1 day");
  });

  it("uses the plural for zero, many and fractions", () => {
    expect(plural(0, "stage")).toBe("0 stages");
    expect(plural(2, "day")).toBe("2 days");
    expect(plural(1.5, "day")).toBe("1.5 days");
  });

  it("takes an irregular plural", () => {
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(3, "person", "people")).toBe("3 people");
  });

  it("groups thousands", () => {
    expect(plural(12345, "event")).toBe("12,345 events");
  });

  it("gives the noun alone", () => {
    expect(pluralNoun(1, "goal")).toBe("goal");
    expect(pluralNoun(4, "goal")).toBe("goals");
  });
});
