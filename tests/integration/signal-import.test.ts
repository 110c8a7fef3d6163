import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { customerSignals, followUps, signalImportRows, signalImports } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { parseCsv } from "@/lib/csv/parse";
import { assignOwnership } from "@/lib/ownership/commands";
import { guessMapping, IMPORT_CHUNK_ROWS } from "@/lib/signals/import-format";
import { commitImport, stageImportChunk } from "@/lib/signals/import";
import { signalImportChunkSchema, signalImportCommitSchema } from "@/lib/signals/schemas";
import { auditMark, auditSince } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";

// The CSV import against the database (decision 0020): chunks checked and staged, then one
// transaction through the shared intake with one audit event. Runs on PGlite and, with
// TEST_DATABASE_URL, on PostgreSQL.

const db = useTestDatabase();
let cast: Awaited<ReturnType<typeof makeCast>>;
let owner: HeadedDepartment;
let journeyName: string;
let stageIds: string[];

beforeAll(async () => {
  cast = await makeCast(db());
  owner = await makeHeadedDepartment(db(), `Delivery ${uniq()}`);
  journeyName = `Import journey ${uniq()}`;
  ({ stageIds } = await makeJourney(cast.actors.cco, 2, journeyName));
  await assignOwnership({ actor: cast.actors.cco, input: assignInput(stageIds[0]!, owner) });
});

/** Sends a CSV file as the wizard does: parsed, mapped by the guess, in chunks. */
async function stageFile(actor: Actor, csv: string, { chunkRows = IMPORT_CHUNK_ROWS, importId = crypto.randomUUID(), fileName = "survey.csv" } = {}) {
  const [head, ...rows] = parseCsv(csv).records;
  const { mapping, defaults } = guessMapping(head!.fields);
  const answers = [];
  for (let seq = 0; seq * chunkRows < rows.length; seq++) {
    const input = signalImportChunkSchema.parse({ importId, seq, fileName, header: head!.fields, mapping, defaults, rows: rows.slice(seq * chunkRows, (seq + 1) * chunkRows) });
    answers.push(await stageImportChunk({ actor, input }));
  }
  return { importId, rows: rows.length, answers, errors: answers.flatMap((a) => a.errors), preview: answers.flatMap((a) => a.preview) };
}
const commit = (actor: Actor, importId: string, rows: number, onlyValid = false) =>
  commitImport({ actor, input: signalImportCommitSchema.parse({ importId, rows, onlyValid: onlyValid ? "on" : "" }) });
const countOn = async (stageId: string) => (await db().select({ n: sql<number>`count(*)::int` }).from(customerSignals).where(eq(customerSignals.stageId, stageId)))[0]!.n;

const header = "journey,stage,source,received_at,scale,score,comment,customer_ref,channel,tags";
const row = (stage: string, scale: string, score: string, comment = "", at = "2026-11-02 10:15") => `${journeyName},${stage},survey,${at},${scale},${score},${comment},cust-1,email,a;b`;

describe("importing signals from a CSV file", () => {
  it("imports a valid file in one audited action, opening follow-ups by the same thresholds as the form", async () => {
    const before = [await countOn(stageIds[0]!), await countOn(stageIds[1]!)];
    const csv = [header, row("Stage 1", "csat", "5", "Great"), row("Stage 1", "csat", "1", "Awful"), row("Stage 2", "nps", "9"), row("stage 2", "", "")].join("\n");
    const staged = await stageFile(cast.actors.member, csv, { chunkRows: 2 });
    expect(staged.errors).toEqual([]);
    expect(staged.preview[0]).toMatchObject({ line: 2, journey: journeyName, stage: "Stage 1", source: "survey", score: "CSAT 5", comment: "Great", tags: "a, b", channel: "email" });
    // Staging records nothing yet.
    expect([await countOn(stageIds[0]!), await countOn(stageIds[1]!)]).toEqual(before);
    const mark = await auditMark(db());
    const result = await commit(cast.actors.member, staged.importId, staged.rows);
    expect(result).toEqual({ imported: 4, skipped: 0, followUpsOpened: 1 });
    expect([await countOn(stageIds[0]!), await countOn(stageIds[1]!)]).toEqual([before[0]! + 2, before[1]! + 2]);
    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual(["signal.imported"]);
    expect(events[0]!.entityId).toBe(staged.importId);
    expect(events[0]!.after).toEqual({ fileName: "survey.csv", rowsImported: 4, rowsSkipped: 0, stages: 2, followUpsOpened: 1 });
    // The low score's follow-up belongs to the stage's owner, as the form's would.
    const [awful] = await db().select({ id: customerSignals.id }).from(customerSignals).where(and(eq(customerSignals.stageId, stageIds[0]!), eq(customerSignals.comment, "Awful")));
    const [f] = await db().select().from(followUps).where(eq(followUps.signalId, awful!.id));
    expect(f).toMatchObject({ reason: "threshold", status: "open", departmentId: owner.id });
    // The staged rows are gone; confirming again answers the same and records nothing twice.
    expect(await db().select().from(signalImportRows).where(eq(signalImportRows.importId, staged.importId))).toEqual([]);
    expect(await commit(cast.actors.member, staged.importId, staged.rows)).toEqual(result);
    expect(await countOn(stageIds[0]!)).toBe(before[0]! + 2);
  });

  it("names each problem by row and column, and refuses a file with problems unless only the valid rows are chosen", async () => {
    const csv = [
      header,
      row("Stage 1", "csat", "4"),
      row("Stage 1", "csat", "9"),
      row("No such stage", "nps", "5"),
      row("Stage 2", "nps", "5", "", "2999-01-01 10:00"),
      row("Stage 2", "ces", "3", "", "yesterday"),
    ].join("\n");
    const before = await countOn(stageIds[0]!);
    const staged = await stageFile(cast.actors.head, csv);
    expect(staged.answers[0]).toMatchObject({ rows: 5, invalid: 4 });
    expect(staged.errors).toEqual([
      { line: 3, column: "score", message: "A CSAT score is from 1 to 5; 9 is outside it." },
      { line: 4, column: "stage", message: `${journeyName} has no stage named “No such stage”.` },
      { line: 5, column: "received_at", message: "When it was received is in the future; a signal is recorded after it arrives." },
      { line: 6, column: "received_at", message: expect.stringMatching(/must be a date and time/) },
    ]);
    const refused = await expectRefused(db(), () => commit(cast.actors.head, staged.importId, staged.rows), "invalid", /4 rows have problems, so nothing was imported/);
    expect(refused.fieldErrors.onlyValid).toBeDefined();
    expect(await countOn(stageIds[0]!)).toBe(before);
    const mark = await auditMark(db());
    expect(await commit(cast.actors.head, staged.importId, staged.rows, true)).toEqual({ imported: 1, skipped: 4, followUpsOpened: 0 });
    expect(await countOn(stageIds[0]!)).toBe(before + 1);
    const events = await auditSince(db(), mark);
    expect(events).toHaveLength(1);
    expect(events[0]!.after).toMatchObject({ rowsImported: 1, rowsSkipped: 4 });
  });

  it("stages a chunk sent twice only once, and refuses to import before every chunk has arrived", async () => {
    const csv = [header, row("Stage 2", "csat", "3"), row("Stage 2", "csat", "4"), row("Stage 2", "csat", "5")].join("\n");
    const [head, ...rows] = parseCsv(csv).records;
    const { mapping, defaults } = guessMapping(head!.fields);
    const importId = crypto.randomUUID();
    const chunk = (seq: number, part: typeof rows) => signalImportChunkSchema.parse({ importId, seq, fileName: "retry.csv", header: head!.fields, mapping, defaults, rows: part });
    await stageImportChunk({ actor: cast.actors.member, input: chunk(0, rows.slice(0, 2)) });
    // The answer was lost and the browser sends the same chunk again.
    expect(await stageImportChunk({ actor: cast.actors.member, input: chunk(0, rows.slice(0, 2)) })).toMatchObject({ rows: 2, invalid: 0 });
    await expectRefused(db(), () => commit(cast.actors.member, importId, 3), "conflict", /Only 2 of the file's 3 rows were checked/);
    await stageImportChunk({ actor: cast.actors.member, input: chunk(1, rows.slice(2)) });
    const before = await countOn(stageIds[1]!);
    expect(await commit(cast.actors.member, importId, 3)).toMatchObject({ imported: 3, skipped: 0 });
    expect(await countOn(stageIds[1]!)).toBe(before + 3);
    // A chunk of an import already recorded is refused: nothing can be added to it.
    await expectRefused(db(), () => stageImportChunk({ actor: cast.actors.member, input: chunk(2, rows.slice(0, 1)) }), "conflict", /already imported/);
  });

  it("is someone's own: another person cannot confirm it, and executives cannot import", async () => {
    const staged = await stageFile(cast.actors.member, [header, row("Stage 2", "csat", "4")].join("\n"));
    await expectRefused(db(), () => commit(cast.actors.head, staged.importId, 1), "not_found");
    await expectRefused(db(), () => stageFile(cast.actors.executive, [header, row("Stage 2", "csat", "4")].join("\n")), "forbidden");
    await expectRefused(db(), () => commit(cast.actors.executive, staged.importId, 1), "forbidden");
  });

  it("refuses a malformed chunk as invalid input, never with a crash", () => {
    const base = { importId: crypto.randomUUID(), seq: 0, fileName: "x.csv", header: ["stage", "received_at"], mapping: guessMapping(["stage", "received_at"]).mapping, defaults: { source: "survey", scale: "" }, rows: [{ line: 2, fields: ["a", "b"] }] };
    expect(signalImportChunkSchema.safeParse(base).success).toBe(true);
    for (const bad of [
      { ...base, rows: "a,b" },
      { ...base, rows: [] },
      { ...base, rows: Array.from({ length: IMPORT_CHUNK_ROWS + 1 }, (_, i) => ({ line: i + 2, fields: [] })) },
      { ...base, mapping: { ...base.mapping, stage: null } },
      { ...base, mapping: { ...base.mapping, comment: 7 } },
      { ...base, header: "stage" },
      { ...base, fileName: "a\u0000b" },
      { ...base, defaults: { source: "", scale: "" } },
      { ...base, importId: "nope" },
    ]) {
      expect(signalImportChunkSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it("keeps nothing staged after importing, and the staged rows of an import can be read back as signals", async () => {
    const staged = await stageFile(cast.actors.cco, [header, row("Stage 1", "nps", "2", "Slow")].join("\n"));
    const [s] = await db().select().from(signalImportRows).where(eq(signalImportRows.importId, staged.importId));
    expect(s!.signal).toMatchObject({ stageId: stageIds[0], scale: "nps", score: "2", comment: "Slow", tags: "a,b" });
    await commit(cast.actors.cco, staged.importId, 1);
    const [imp] = await db().select().from(signalImports).where(inArray(signalImports.id, [staged.importId]));
    expect(imp).toMatchObject({ status: "imported", rowsImported: 1, rowsSkipped: 0, followUpsOpened: 1 });
  });
});
