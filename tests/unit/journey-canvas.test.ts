import { describe, expect, it } from "vitest";
import { normalisedSum } from "@/lib/journeys/canvas";
import { canvasSvg, emotionY, measuredText, phaseRuns, wrapText, type CanvasStage } from "@/lib/journeys/canvas-model";

const stage = (over: Partial<CanvasStage>): CanvasStage => ({
  id: over.id ?? "s",
  position: 1,
  name: "Stage",
  phase: "",
  customerGoal: "",
  emotionScore: null,
  touchpoints: [],
  channels: [],
  accountable: null,
  raci: [],
  flags: [],
  pendingHandoffTo: null,
  goals: undefined,
  measured: { score: null, sample: 0, thin: true },
  work: { openFollowUps: 0, overdueFollowUps: 0 },
  ...over,
});

describe("the measured emotion's scale", () => {
  it("maps each scale's ends and midpoint onto −2, 0 and +2", () => {
    expect(normalisedSum("csat", 5, 1)).toBe(2);
    expect(normalisedSum("csat", 1, 1)).toBe(-2);
    expect(normalisedSum("csat", 3, 1)).toBe(0);
    expect(normalisedSum("nps", 10, 1)).toBe(2);
    expect(normalisedSum("nps", 0, 1)).toBe(-2);
    expect(normalisedSum("nps", 5, 1)).toBe(0);
    expect(normalisedSum("ces", 7, 1)).toBe(2);
    expect(normalisedSum("ces", 1, 1)).toBe(-2);
  });
  it("sums over many signals so scales can be averaged together", () => {
    // Two CSAT 5s and one NPS 0: (2 + 2 − 2) / 3.
    expect((normalisedSum("csat", 10, 2) + normalisedSum("nps", 0, 1)) / 3).toBeCloseTo(2 / 3);
  });
  it("says how many scores it stands on and when the sample is thin", () => {
    expect(measuredText({ score: null, sample: 0, thin: true })).toBe("no scores yet");
    expect(measuredText({ score: 1.25, sample: 40, thin: false })).toBe("+1.3 from 40 scores");
    expect(measuredText({ score: -0.5, sample: 1, thin: true })).toBe("-0.5 from 1 score (thin sample)");
  });
  it("draws −2…+2 top to bottom inside the lane, clamping outliers", () => {
    expect(emotionY(2, 144)).toBeLessThan(emotionY(0, 144));
    expect(emotionY(0, 144)).toBeLessThan(emotionY(-2, 144));
    expect(emotionY(5, 144)).toBe(emotionY(2, 144));
  });
});

describe("phases on the canvas", () => {
  it("groups runs of neighbouring stages with the same phase, and only neighbours", () => {
    const runs = phaseRuns([
      { id: "a", phase: "Buy" },
      { id: "b", phase: "Buy" },
      { id: "c", phase: "" },
      { id: "d", phase: "Use" },
      { id: "e", phase: "Buy" },
    ]);
    expect([...runs]).toEqual([
      ["a", { label: "Buy", span: 2 }],
      ["d", { label: "Use", span: 1 }],
      ["e", { label: "Buy", span: 1 }],
    ]);
  });
});

describe("the SVG export", () => {
  it("wraps text to the room it has and marks what was cut", () => {
    expect(wrapText("one two three four", 9, 2)).toEqual(["one two", "three…"]);
    expect(wrapText("short", 20, 3)).toEqual(["short"]);
    expect(wrapText("x".repeat(30), 10, 1)).toEqual([`${"x".repeat(9)}…`]);
  });
  it("is a standalone SVG with every stage, escaping what people typed", () => {
    const svg = canvasSvg({ name: "Renewal <script>", segment: "SMB & co" }, [
      stage({ id: "1", position: 1, name: "Reminder", phase: "Renew", emotionScore: 1, touchpoints: ["Email"], accountable: { departmentId: "d", departmentName: "Sales", personId: null, personName: null } }),
      stage({ id: "2", position: 2, name: 'Decide "now"', measured: { score: -1, sample: 12, thin: false } }),
    ], "today");
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain("Renewal &lt;script&gt;");
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("SMB &amp; co");
    expect(svg).toContain("1. Reminder");
    expect(svg).toContain("2. Decide &quot;now&quot;");
    expect(svg).toContain("⚠ Needs an owner");
    expect(svg).toContain("Touchpoints: Email");
    expect(svg).toContain("Measured: -1.0 from 12 scores");
  });
});
