import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/csv/parse";
import { DEMO_JOURNEYS } from "@/lib/demo/journeys";
import { chunkRows, guessMapping, IMPORT_CHUNK_ROWS, SAMPLE_SURVEY_CSV, type ImportMapping } from "@/lib/signals/import-format";
import { checkRow, normaliseReceivedAt, resolveStage, type StageDirectory } from "@/lib/signals/import";

// The CSV import's mapping and row checks, without a database (decision 0020).

const J1 = "11111111-1111-4111-8111-111111111111";
const J2 = "22222222-2222-4222-8222-222222222222";
const S = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
function directory(): StageDirectory {
  const entries = [
    { id: S(1), name: "Getting help", archived: false, journeyId: J1, journeyName: "Retail", journeyStatus: "active" },
    { id: S(2), name: "Delivery", archived: false, journeyId: J1, journeyName: "Retail", journeyStatus: "active" },
    { id: S(3), name: "Getting help", archived: false, journeyId: J2, journeyName: "Business", journeyStatus: "draft" },
    { id: S(4), name: "Old step", archived: true, journeyId: J2, journeyName: "Business", journeyStatus: "draft" },
    { id: S(5), name: "Renewal", archived: false, journeyId: J2, journeyName: "Business", journeyStatus: "draft" },
    { id: S(6), name: "renewal", archived: false, journeyId: J2, journeyName: "Business", journeyStatus: "draft" },
  ];
  const dir: StageDirectory = { byId: new Map(), byJourney: new Map(), byName: new Map() };
  const push = (m: Map<string, typeof entries>, k: string, s: (typeof entries)[number]) => (m.get(k) ?? m.set(k, []).get(k)!).push(s);
  for (const e of entries) {
    dir.byId.set(e.id, e);
    push(dir.byName, e.name.toLowerCase(), e);
    push(dir.byJourney, e.journeyId, e);
    push(dir.byJourney, e.journeyName.toLowerCase(), e);
  }
  return dir;
}

describe("guessing the mapping from the header", () => {
  it("matches columns by name, whatever their case, spaces or underscores, and uses each once", () => {
    const { mapping, defaults } = guessMapping(["Journey Name", "Stage", "Submitted at", "CSAT", "Feedback", "Customer ID", "Channel", "Tags", "Notes"]);
    expect(mapping).toEqual({ journey: 0, stage: 1, source: null, receivedAt: 2, score: 3, scale: null, comment: 4, customerRef: 5, channel: 6, tags: 7 });
    // The score column is named after its scale, so rows without a scale column take it.
    expect(defaults).toEqual({ source: "survey", scale: "csat" });
  });

  it("leaves a field unmapped when no column fits, and does not guess a scale when the file has one", () => {
    const { mapping, defaults } = guessMapping(["stage_id", "received_at", "scale", "score", "whatever"]);
    expect(mapping).toMatchObject({ journey: null, stage: 0, receivedAt: 1, scale: 2, score: 3, comment: null });
    expect(defaults.scale).toBe("");
  });
});

describe("reading a spreadsheet's times", () => {
  it("takes a space for the T and a day alone as its midnight", () => {
    expect(normaliseReceivedAt("2026-11-20 09:15")).toBe("2026-11-20T09:15");
    expect(normaliseReceivedAt(" 2026-11-20 ")).toBe("2026-11-20T00:00");
    expect(normaliseReceivedAt("2026-11-20 09:15:30 +01:00")).toBe("2026-11-20T09:15:30+01:00");
    expect(normaliseReceivedAt("2026-11-20T09:15Z")).toBe("2026-11-20T09:15Z");
    expect(normaliseReceivedAt("yesterday")).toBe("yesterday");
  });
});

describe("finding a row's stage", () => {
  const dir = directory();
  it("finds a stage by its id or its name, within the journey when one is named", () => {
    expect(resolveStage(dir, "", S(2))).toMatchObject({ stage: { id: S(2) } });
    expect(resolveStage(dir, "", "delivery")).toMatchObject({ stage: { id: S(2) } });
    expect(resolveStage(dir, "business", "Getting help")).toMatchObject({ stage: { id: S(3) } });
    expect(resolveStage(dir, J1, " getting HELP ")).toMatchObject({ stage: { id: S(1) } });
  });
  it("names what is wrong: ambiguous, unknown, archived, or in another journey", () => {
    expect(resolveStage(dir, "", "Getting help")).toEqual({ field: "stage", message: "2 journeys have a stage named “Getting help”; map a journey column too, or use the stage's id." });
    expect(resolveStage(dir, "Nope", "Delivery")).toEqual({ field: "journey", message: "There is no journey named “Nope”." });
    expect(resolveStage(dir, "Retail", "Nope")).toEqual({ field: "stage", message: "Retail has no stage named “Nope”." });
    expect(resolveStage(dir, "", "Old step")).toEqual({ field: "stage", message: "The stage Old step is archived; record the signal on a live stage." });
    expect(resolveStage(dir, "Business", S(2))).toEqual({ field: "stage", message: "The stage Delivery is not a stage of Business." });
    expect(resolveStage(dir, "", "")).toEqual({ field: "stage", message: "Name the stage (its name or id)." });
    expect(resolveStage(dir, "Business", "Renewal")).toEqual({ field: "stage", message: "Business has 2 stages named “Renewal”; use the stage's id." });
  });
});

describe("checking a row", () => {
  const header = ["journey", "stage", "when", "rating", "scale", "comment", "tags"];
  const mapping: ImportMapping = { journey: 0, stage: 1, source: null, receivedAt: 2, score: 3, scale: 4, comment: 5, customerRef: null, channel: null, tags: 6 };
  const ctx = { header, mapping, defaults: { source: "support", scale: "csat" }, dir: directory(), timeZone: "Europe/Berlin", latest: Date.parse("2026-12-01T00:00:00Z") };

  it("reads a valid row as the intake will record it, and shows it as the preview does", () => {
    const r = checkRow(ctx, { line: 2, fields: ["Retail", "Delivery", "2026-11-20 09:15", "2", "", "'=late", "late; rude"] });
    expect(r).toEqual({
      ok: true,
      line: 2,
      signal: { stageId: S(2), source: "support", receivedAt: "2026-11-20T09:15", scale: "csat", score: "2", comment: "=late", customerRef: "", channel: "", tags: "late, rude" },
      preview: { line: 2, journey: "Retail", stage: "Delivery", source: "support", receivedAt: "20 Nov 2026, 09:15", score: "CSAT 2", comment: "=late", customerRef: "", channel: "", tags: "late, rude" },
    });
  });

  it("names every problem of a row by its row number and the file's column name", () => {
    const r = checkRow(ctx, { line: 14, fields: ["Retail", "Nowhere", "2026-13-01", "9", "nps", "x", "", "extra"] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      { line: 14, column: "row", message: "This row has 8 cells but the header has 7 columns." },
      { line: 14, column: "stage", message: "Retail has no stage named “Nowhere”." },
      { line: 14, column: "when", message: expect.stringMatching(/^When it was received: the date/) },
    ]);
    const score = checkRow(ctx, { line: 15, fields: ["Retail", "Delivery", "2026-11-20", "9", "", "", ""] });
    expect(!score.ok && score.errors).toEqual([{ line: 15, column: "rating", message: "A CSAT score is from 1 to 5; 9 is outside it." }]);
    const future = checkRow(ctx, { line: 16, fields: ["Retail", "Delivery", "2026-12-02", "", "", "", ""] });
    expect(!future.ok && future.errors).toEqual([{ line: 16, column: "when", message: "When it was received is in the future; a signal is recorded after it arrives." }]);
  });

  it("refuses a row with no source when no default is chosen, naming the missing column by its field", () => {
    const r = checkRow({ ...ctx, defaults: { source: "", scale: "" } }, { line: 3, fields: ["Retail", "Delivery", "2026-11-20", "", "", "", ""] });
    expect(!r.ok && r.errors.map((e) => e.column)).toEqual(["Source"]);
  });
});

describe("sending a file in chunks", () => {
  it("never sends more than a chunk's rows or about its characters at once, and keeps every row in order", () => {
    const rows = Array.from({ length: 4500 }, (_, i) => ({ line: i + 2, fields: ["a", "b"] }));
    const chunks = chunkRows(rows);
    expect(chunks.map((c) => c.length)).toEqual([IMPORT_CHUNK_ROWS, IMPORT_CHUNK_ROWS, 500]);
    const long = Array.from({ length: 300 }, (_, i) => ({ line: i + 2, fields: ["x".repeat(5000)] }));
    expect(chunkRows(long).length).toBeGreaterThan(2);
    expect(chunkRows(long).flat()).toEqual(long);
  });
});

describe("the sample survey file", () => {
  const csv = readFileSync(path.join(process.cwd(), "public", SAMPLE_SURVEY_CSV), "utf8");
  const [head, ...rows] = parseCsv(csv).records;
  const { mapping } = guessMapping(head!.fields);

  it("maps every column by its name and names only the demo company's journeys and stages", () => {
    expect(Object.values(mapping).every((i) => i !== null)).toBe(true);
    for (const r of rows) {
      const journey = DEMO_JOURNEYS.find((j) => j.name === r.fields[mapping.journey!]);
      expect(journey?.stages.map((s) => s.name), `line ${r.line}`).toContain(r.fields[mapping.stage!]);
    }
  });

  it("has low scores on stages a department owns, so importing it opens follow-ups for their heads", () => {
    const owned = new Set(DEMO_JOURNEYS.flatMap((j) => j.stages.filter((s) => s.owner).map((s) => s.name)));
    const low = rows.filter((r) => r.fields[mapping.scale!] === "csat" && Number(r.fields[mapping.score!]) <= 2 && owned.has(r.fields[mapping.stage!]!));
    expect(low.length).toBeGreaterThanOrEqual(2);
  });
});
