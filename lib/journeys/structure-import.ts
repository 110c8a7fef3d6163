import { eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { departments, journeys, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { parseCsv } from "@/lib/csv/parse";
import { forbidden, invalid } from "@/lib/errors";
import { applyAssignment } from "@/lib/ownership/commands";
import { can } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";
import { textProblem } from "@/lib/validation";
import { insertJourneyWithStages, journeyNameTaken, type NewJourney, type NewStage } from "./copy";
import { DEPARTMENT_SEPARATOR, JOURNEY_CSV_COLUMNS, JOURNEY_CSV_MAX_ROWS, JOURNEY_CSV_REQUIRED, type JourneyCsvColumn } from "./structure-format";

export type RowError = { line: number; messages: string[] };
type PlannedStage = NewStage & { line: number; position: number | null; owner: { departmentId: string; departmentName: string; personId: string; personName: string } | null; rci: Record<"responsible" | "consulted" | "informed", { id: string; name: string }[]> };
type PlannedJourney = NewJourney & { line: number; stages: PlannedStage[] };

export type ImportPreview = {
  errors: RowError[];
  /** What importing would create (empty while the file has errors: nothing is imported from it). */
  journeys: { name: string; status: string; stages: { position: number; name: string; accountable: string | null; rci: string }[] }[];
  rows: number;
};

const LIMITS = { journey: 120, segment: 200, journey_description: 2000, stage: 120, customer_goal: 1000 } as const;

/** Reads the file and checks every row against the company as it is now; writes nothing. */
export async function planJourneyImport(db: Executor, text: string): Promise<{ plan: PlannedJourney[]; preview: ImportPreview }> {
  const empty = (errors: RowError[], rows = 0) => ({ plan: [], preview: { errors, journeys: [], rows } });
  const parsed = parseCsv(text);
  if (parsed.error) return empty([{ line: 1, messages: [parsed.error] }]);
  const [head, ...records] = parsed.records;
  if (!head) return empty([{ line: 1, messages: ["The file is empty. It needs a header row and one row per stage."] }]);
  const header = head.fields.map((h) => h.trim().toLowerCase());
  const headerErrors: string[] = [];
  const unknown = header.filter((h) => h !== "" && !(JOURNEY_CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) headerErrors.push(`Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. The columns are: ${JOURNEY_CSV_COLUMNS.join(", ")}.`);
  const missing = JOURNEY_CSV_REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) headerErrors.push(`The header row lacks the column${missing.length > 1 ? "s" : ""} ${missing.join(" and ")}.`);
  const dupes = header.filter((h, i) => h !== "" && header.indexOf(h) !== i);
  if (dupes.length) headerErrors.push(`The column ${dupes[0]} appears twice.`);
  if (headerErrors.length) return empty([{ line: head.line, messages: headerErrors }]);
  if (!records.length) return empty([{ line: head.line, messages: ["The file has a header row but no stages."] }]);
  if (records.length > JOURNEY_CSV_MAX_ROWS) return empty([{ line: head.line, messages: [`The file has ${records.length} rows; import at most ${JOURNEY_CSV_MAX_ROWS} at a time.`] }], records.length);

  const [liveDepartments, people, existing] = await Promise.all([
    db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.archived, false)),
    db.select({ id: users.id, name: users.name, email: users.email, departmentId: users.departmentId }).from(users).where(eq(users.active, true)),
    db.select({ name: journeys.name }).from(journeys).where(sql`${journeys.status} <> 'archived'`),
  ]);
  const departmentByName = new Map(liveDepartments.map((d) => [d.name.toLowerCase(), d]));
  const personByEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const existingNames = new Set(existing.map((j) => j.name.toLowerCase()));

  const errors: RowError[] = [];
  const byName = new Map<string, PlannedJourney>();
  for (const r of records) {
    const problems: string[] = [];
    const cell = (c: JourneyCsvColumn) => {
      const i = header.indexOf(c);
      // An exported cell a spreadsheet would run as a formula was written with a leading '; read it back without.
      const raw = (i < 0 ? "" : (r.fields[i] ?? "")).replace(/^'(?=[=+\-@\t\r])/, "");
      const problem = textProblem(raw);
      if (problem) problems.push(`${c}: ${problem}`);
      const v = raw.trim();
      const max = (LIMITS as Record<string, number>)[c];
      if (max && v.length > max) problems.push(`${c} must be at most ${max} characters.`);
      return v;
    };
    if (r.fields.length > header.length && r.fields.slice(header.length).some((f) => f.trim() !== "")) problems.push(`This row has ${r.fields.length} cells but the header has ${header.length} columns.`);
    const name = cell("journey");
    if (!name) problems.push("journey is required.");
    else if (existingNames.has(name.toLowerCase())) problems.push(`A journey named "${name}" already exists. Rename it in the file, or archive the existing one first.`);
    const status = cell("journey_status").toLowerCase() || "draft";
    if (status !== "draft" && status !== "active") problems.push('journey_status must be "draft" or "active" (blank means draft).');
    const segment = cell("segment");
    const description = cell("journey_description");
    const stageName = cell("stage");
    const positionText = cell("stage_position");
    const position = positionText === "" ? null : /^\d+$/.test(positionText) && Number(positionText) >= 1 && Number(positionText) <= 10000 ? Number(positionText) : NaN;
    if (Number.isNaN(position)) problems.push("stage_position must be a whole number from 1, or blank to keep the file's order.");
    const emotionText = cell("emotion_score");
    const emotion = emotionText === "" ? null : /^[+-]?\d+$/.test(emotionText) && Math.abs(Number(emotionText)) <= 2 ? Number(emotionText) : NaN;
    if (Number.isNaN(emotion)) problems.push("emotion_score must be a whole number from -2 to +2, or blank.");
    const customerGoal = cell("customer_goal");

    const departmentName = cell("accountable_department");
    const email = cell("accountable_person_email");
    let owner: PlannedStage["owner"] = null;
    if (departmentName || email) {
      const dep = departmentByName.get(departmentName.toLowerCase());
      const person = personByEmail.get(email.toLowerCase());
      if (!departmentName) problems.push("accountable_department is required when accountable_person_email is given.");
      else if (!dep) problems.push(`There is no live department named "${departmentName}".`);
      if (!email) problems.push("accountable_person_email is required when accountable_department is given.");
      else if (!person) problems.push(`There is no active person with the email ${email}.`);
      if (dep && person) {
        if (person.departmentId !== dep.id) problems.push(`${person.name} is not in ${dep.name}.`);
        else owner = { departmentId: dep.id, departmentName: dep.name, personId: person.id, personName: person.name };
      }
      if (!stageName) problems.push("An owner needs a stage: fill in stage.");
    }
    const rci = { responsible: [], consulted: [], informed: [] } as PlannedStage["rci"];
    const roleOf = new Map<string, string>(owner ? [[owner.departmentId, "accountable"]] : []);
    for (const role of ["responsible", "consulted", "informed"] as const) {
      const names = cell(role).split(DEPARTMENT_SEPARATOR).map((n) => n.trim()).filter(Boolean);
      for (const n of names) {
        const dep = departmentByName.get(n.toLowerCase());
        if (!dep) problems.push(`${role}: there is no live department named "${n}".`);
        else if (roleOf.has(dep.id)) problems.push(`${dep.name} can hold only one role on a stage; it is already ${roleOf.get(dep.id)}.`);
        else {
          roleOf.set(dep.id, role);
          rci[role].push({ id: dep.id, name: dep.name });
        }
      }
      if (names.length && !owner && !departmentName) problems.push(`${role} departments need an accountable owner on the same row.`);
    }

    if (name) {
      const key = name.toLowerCase();
      let j = byName.get(key);
      if (!j) {
        j = { line: r.line, name, segment, description, status: status === "active" ? "active" : "draft", stages: [] };
        byName.set(key, j);
      } else {
        // Journey-level cells may be repeated on every row or left blank after the first; they may not disagree.
        if (segment && j.segment && segment !== j.segment) problems.push(`segment differs from line ${j.line} for the same journey.`);
        if (description && j.description && description !== j.description) problems.push(`journey_description differs from line ${j.line} for the same journey.`);
        if (cell("journey_status") && status !== j.status) problems.push(`journey_status differs from line ${j.line} for the same journey.`);
        j.segment ||= segment;
        j.description ||= description;
      }
      if (stageName) {
        const clash = j.stages.find((s) => s.name.toLowerCase() === stageName.toLowerCase());
        if (clash) problems.push(`The stage "${stageName}" appears twice in "${name}" (also on line ${clash.line}).`);
        const samePlace = position !== null && !Number.isNaN(position) ? j.stages.find((s) => s.position === position) : undefined;
        if (samePlace) problems.push(`stage_position ${position} is used twice in "${name}" (also on line ${samePlace.line}).`);
        if (!clash && !samePlace) j.stages.push({ line: r.line, name: stageName, customerGoal, emotionScore: emotion === null || Number.isNaN(emotion) ? null : emotion, position: Number.isNaN(position) ? null : position, owner, rci });
      } else if (customerGoal || emotionText || positionText) problems.push("stage is required when stage details are given.");
    }
    if (problems.length) errors.push({ line: r.line, messages: problems });
  }

  const plan = [...byName.values()].map((j) => ({
    ...j,
    // Numbered stages in their order, then unnumbered ones in the file's order.
    stages: [...j.stages].sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.line - b.line),
  }));
  return {
    plan: errors.length ? [] : plan,
    preview: {
      errors,
      rows: records.length,
      journeys: (errors.length ? [] : plan).map((j) => ({
        name: j.name,
        status: j.status,
        stages: j.stages.map((s, i) => ({
          position: i + 1,
          name: s.name,
          accountable: s.owner ? `${s.owner.departmentName} (${s.owner.personName})` : null,
          rci: (["responsible", "consulted", "informed"] as const).flatMap((role) => s.rci[role].map((d) => `${role[0]!.toUpperCase()}: ${d.name}`)).join(", "),
        })),
      })),
    },
  };
}

/** Previews a journeys CSV for the CCO: what would be created, and every row's problems. */
export async function previewJourneyImport({ actor, text }: { actor: Actor; text: string }): Promise<ImportPreview> {
  if (!can(actor.role, "journeys.manage")) throw forbidden();
  return (await planJourneyImport(await getDb(), text)).preview;
}

/**
 * Creates every journey, stage and owner of the file in one transaction, or nothing: a file with
 * any row error is refused whole, with the errors. Owners go through the CCO assignment command.
 */
export async function importJourneys({ actor, text, fileName }: { actor: Actor; text: string; fileName: string }): Promise<{ journeys: number; stages: number; owners: number }> {
  if (!can(actor.role, "journeys.manage") || !can(actor.role, "ownership.assign")) throw forbidden();
  try {
    return await inTransaction(async (tx) => {
      // Checked again inside the transaction: the company may have changed since the preview.
      const { plan, preview } = await planJourneyImport(tx, text);
      if (preview.errors.length) {
        throw invalid(`The file has problems on ${preview.errors.length === 1 ? "1 row" : `${preview.errors.length} rows`}; nothing was imported.`, {
          csv: preview.errors.slice(0, 50).map((e) => `Line ${e.line}: ${e.messages.join(" ")}`),
        });
      }
      const reason = `Imported from ${fileName}.`;
      let stageCount = 0;
      let owners = 0;
      for (const j of plan) {
        const { stageIds } = await insertJourneyWithStages(tx, actor, { name: j.name, segment: j.segment, description: j.description, status: j.status }, j.stages, reason);
        stageCount += stageIds.length;
        for (const [i, s] of j.stages.entries()) {
          if (!s.owner) continue;
          await applyAssignment(
            tx,
            actor,
            { stageId: stageIds[i]!, departmentId: s.owner.departmentId, personId: s.owner.personId, responsible: s.rci.responsible.map((d) => d.id), consulted: s.rci.consulted.map((d) => d.id), informed: s.rci.informed.map((d) => d.id), reason },
            "assigned",
            null,
          );
          owners++;
        }
      }
      return { journeys: plan.length, stages: stageCount, owners };
    });
  } catch (e) {
    journeyNameTaken(e, "csv");
  }
}
