import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as journeysCsvRoute } from "@/app/api/export/journeys.csv/route";
import { auditEvents, journeys, stages, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { journeyStructureCsv } from "@/lib/exports";
import { toCsv } from "@/lib/exports/csv";
import { archiveJourney } from "@/lib/journeys/commands";
import { createJourneyFromTemplate, duplicateJourney } from "@/lib/journeys/copy";
import { importJourneys, previewJourneyImport } from "@/lib/journeys/structure-import";
import { JOURNEY_CSV_COLUMNS } from "@/lib/journeys/structure-format";
import { JOURNEY_TEMPLATES } from "@/lib/journeys/templates";
import { assignOwnership } from "@/lib/ownership/commands";
import { csvRows } from "../helpers/csv";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, currentAccountable, expectRefused, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";
import { signInAs } from "../helpers/session";

// Issue 15, "getting a company in": journeys from templates, a copy of a journey, and the journeys
// CSV: export and import in one format, so a company's structure makes a round trip.
const db = useTestDatabase();
let cco: Actor;
let head: Actor;
let ops: HeadedDepartment;
let care: HeadedDepartment;

beforeAll(async () => {
  const cast = await makeCast(db());
  cco = cast.actors.cco;
  head = cast.actors.head;
  ops = await makeHeadedDepartment(db(), `Ops ${uniq()}`);
  care = await makeHeadedDepartment(db(), `Care ${uniq()}`);
});

const liveStages = (journeyId: string) =>
  db().select().from(stages).where(and(eq(stages.journeyId, journeyId), eq(stages.archived, false))).orderBy(asc(stages.position));

describe("journey templates", () => {
  it("lays out every stage of the template in order, as a draft, audited with where it came from", async () => {
    const template = JOURNEY_TEMPLATES[0]!;
    const name = `From template ${uniq()}`;
    const made = await createJourneyFromTemplate({ actor: cco, input: { templateId: template.id, name, segment: "Referred households", description: "", status: "draft" } });
    const rows = await liveStages(made!.journeyId);
    expect(rows.map((s) => s.name)).toEqual(template.stages.map((s) => s.name));
    expect(rows.map((s) => s.position)).toEqual(template.stages.map((_, i) => i + 1));
    expect(rows[0]!.customerGoal).toBe(template.stages[0]!.customerGoal);
    const events = await db().select().from(auditEvents).where(eq(auditEvents.entityId, made!.journeyId));
    expect(events.map((e) => [e.action, e.reason])).toEqual([["journey.created", `Laid out from the template "${template.name}".`]]);
  });

  it("refuses an unknown template, a taken name and a head, writing nothing", async () => {
    await expectRefused(db(), () => createJourneyFromTemplate({ actor: cco, input: { templateId: "nope", name: `X ${uniq()}`, segment: "", description: "", status: "draft" } }), "invalid");
    const taken = `Taken ${uniq()}`;
    await makeJourney(cco, 1, taken);
    const refused = await expectRefused(db(), () => createJourneyFromTemplate({ actor: cco, input: { templateId: JOURNEY_TEMPLATES[1]!.id, name: taken, segment: "", description: "", status: "draft" } }), "conflict");
    expect(refused.fieldErrors.name).toEqual(["A journey with this name already exists."]);
    await expectRefused(db(), () => createJourneyFromTemplate({ actor: head, input: { templateId: JOURNEY_TEMPLATES[1]!.id, name: `H ${uniq()}`, segment: "", description: "", status: "draft" } }), "forbidden");
  });
});

describe("duplicate journey", () => {
  it("copies the live stages in order as a draft; with owners, each stage's current RACI through the assignment command", async () => {
    const { journeyId, stageIds } = await makeJourney(cco, 3);
    await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, ops, { consulted: [care.id] }) });
    await assignOwnership({ actor: cco, input: assignInput(stageIds[2]!, care) });
    const bare = await duplicateJourney({ actor: cco, input: { journeyId, name: `Bare copy ${uniq()}`, withOwners: false } });
    expect(bare).toMatchObject({ stages: 3, owned: 0 });
    const copy = await duplicateJourney({ actor: cco, input: { journeyId, name: `Owned copy ${uniq()}`, withOwners: true } });
    expect(copy).toMatchObject({ stages: 3, owned: 2 });
    const copied = await liveStages(copy!.journeyId);
    expect(copied.map((s) => s.name)).toEqual(["Stage 1", "Stage 2", "Stage 3"]);
    const [j] = await db().select().from(journeys).where(eq(journeys.id, copy!.journeyId));
    expect(j!.status).toBe("draft");
    expect((await currentAccountable(db(), copied[0]!.id))[0]).toMatchObject({ departmentId: ops.id, personId: ops.head.id });
    expect(await currentAccountable(db(), copied[1]!.id)).toEqual([]);
    const consulted = await db().execute(sql`select department_id from ownership_assignments where stage_id = ${copied[0]!.id} and raci = 'consulted' and valid_to is null`);
    expect(JSON.stringify(consulted)).toContain(care.id);
  });

  it("leaves an orphaned stage unowned in the copy instead of failing", async () => {
    const dep = await makeHeadedDepartment(db(), `Leaving ${uniq()}`);
    const { journeyId, stageIds } = await makeJourney(cco, 1);
    await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, dep) });
    // Deactivated without a hand-over: the stage is orphaned (its owner row stays current).
    await db().update(users).set({ active: false }).where(eq(users.id, dep.head.id));
    const copy = await duplicateJourney({ actor: cco, input: { journeyId, name: `Orphan copy ${uniq()}`, withOwners: true } });
    expect(copy).toMatchObject({ stages: 1, owned: 0 });
  });

  it("refuses a taken name, an unknown journey and a head", async () => {
    const { journeyId } = await makeJourney(cco, 1, `Original ${uniq()}`);
    const [j] = await db().select().from(journeys).where(eq(journeys.id, journeyId));
    await expectRefused(db(), () => duplicateJourney({ actor: cco, input: { journeyId, name: j!.name, withOwners: false } }), "conflict");
    await expectRefused(db(), () => duplicateJourney({ actor: cco, input: { journeyId: crypto.randomUUID(), name: `Y ${uniq()}`, withOwners: false } }), "not_found");
    await expectRefused(db(), () => duplicateJourney({ actor: head, input: { journeyId, name: `Z ${uniq()}`, withOwners: false } }), "forbidden");
  });
});

describe("journeys CSV", () => {
  const header = JOURNEY_CSV_COLUMNS.join(",");

  it("round trip: export, archive, import the file, export again: the same file", async () => {
    const name = `Round trip, "quoted" ${uniq()}`;
    const { journeyId, stageIds } = await makeJourney(cco, 3, name);
    await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, ops, { responsible: [care.id] }) });
    await assignOwnership({ actor: cco, input: assignInput(stageIds[1]!, care, { informed: [ops.id] }) });
    const before = await csvRows(journeyStructureCsv(cco));
    expect(before[0]).toEqual([...JOURNEY_CSV_COLUMNS]);
    const mine = before.filter((r) => r[0] === name);
    expect(mine.map((r) => [r[4], r[5], r[8], r[9], r[10], r[12]])).toEqual([
      ["1", "Stage 1", ops.name, ops.head.email, care.name, ""],
      ["2", "Stage 2", care.name, care.head.email, "", ops.name],
      ["3", "Stage 3", "", "", "", ""],
    ]);
    // Every live journey leaves, then comes back from the file.
    const live = await db().select({ id: journeys.id }).from(journeys).where(sql`${journeys.status} <> 'archived'`);
    for (const j of live) await archiveJourney({ actor: cco, journeyId: j.id });
    const text = toCsv(before[0]!, before.slice(1));
    const preview = await previewJourneyImport({ actor: cco, text });
    expect(preview.errors).toEqual([]);
    expect(preview.journeys.find((j) => j.name === name)?.stages.map((s) => s.accountable)).toEqual([`${ops.name} (${ops.head.name})`, `${care.name} (${care.head.name})`, null]);
    const result = await importJourneys({ actor: cco, text, fileName: "journeys.csv" });
    expect(result).toMatchObject({ journeys: live.length, owners: before.slice(1).filter((r) => r[8]).length });
    const after = await csvRows(journeyStructureCsv(cco));
    expect(after).toEqual(before);
    void journeyId;
  });

  it("reports every problem by line and imports nothing from a file with errors", async () => {
    const existing = `Existing ${uniq()}`;
    await makeJourney(cco, 1, existing);
    const text = [
      header,
      `New one ${uniq()},,active,,1,First,,0,${ops.name},${ops.head.email},,,`,
      `${existing},,,,1,Stage,,,,,,,`,
      `Bad ${uniq()},,paused,,x,Stage,,5,No such dept,nobody@example.test,,,`,
      `Mismatch ${uniq()},,,,1,Stage,,,${ops.name},${care.head.email},${ops.name},,`,
    ].join("\n");
    const preview = await previewJourneyImport({ actor: cco, text });
    expect(preview.journeys).toEqual([]);
    expect(preview.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(preview.errors[0]!.messages.join(" ")).toContain(`A journey named "${existing}" already exists`);
    expect(preview.errors[1]!.messages).toEqual(
      expect.arrayContaining([
        'journey_status must be "draft" or "active" (blank means draft).',
        "stage_position must be a whole number from 1, or blank to keep the file's order.",
        "emotion_score must be a whole number from -2 to +2, or blank.",
        'There is no live department named "No such dept".',
        "There is no active person with the email nobody@example.test.",
      ]),
    );
    expect(preview.errors[2]!.messages.join(" ")).toContain(`${care.head.name} is not in ${ops.name}.`);
    const refused = await expectRefused(db(), () => importJourneys({ actor: cco, text, fileName: "bad.csv" }), "invalid", /nothing was imported/);
    expect(refused.fieldErrors.csv).toHaveLength(3);
  });

  it("refuses a file with unknown or missing columns, duplicate stages or positions, and a head", async () => {
    expect((await previewJourneyImport({ actor: cco, text: "journey,colour\nA,red" })).errors[0]!.messages).toEqual([
      `Unknown column: colour. The columns are: ${JOURNEY_CSV_COLUMNS.join(", ")}.`,
      "The header row lacks the column stage.",
    ]);
    const name = `Dupes ${uniq()}`;
    const dupes = await previewJourneyImport({ actor: cco, text: `journey,stage,stage_position\n${name},A,1\n${name},a,2\n${name},B,1` });
    expect(dupes.errors.map((e) => e.messages[0])).toEqual([`The stage "a" appears twice in "${name}" (also on line 2).`, `stage_position 1 is used twice in "${name}" (also on line 2).`]);
    await expectRefused(db(), () => importJourneys({ actor: head, text: `journey,stage\nX ${uniq()},A`, fileName: "x.csv" }), "forbidden");
    await expect(previewJourneyImport({ actor: head, text: "journey,stage" })).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("orders stages by stage_position, then the file's order, and takes a journey without stages", async () => {
    const name = `Ordered ${uniq()}`;
    const lonely = `No stages ${uniq()}`;
    const r = await importJourneys({ actor: cco, text: `journey,stage,stage_position\n${name},Third,\n${name},Second,2\n${name},First,1\n${lonely},,`, fileName: "o.csv" });
    expect(r).toEqual({ journeys: 2, stages: 3, owners: 0 });
    const [j] = await db().select().from(journeys).where(eq(journeys.name, name));
    expect((await liveStages(j!.id)).map((s) => s.name)).toEqual(["First", "Second", "Third"]);
  });

  it("downloads over HTTP for anyone signed in", async () => {
    signInAs(head);
    const res = await journeysCsvRoute();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/throughline-journeys-\d{4}-\d{2}-\d{2}\.csv/);
  });
});
