import { and, eq, gt, lt, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { journeys, signalImportChunks, signalImportRows, signalImports, stages } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { conflict, invalid, notFound } from "@/lib/errors";
import { getSettings } from "@/lib/settings";
import { formatDateTime } from "@/lib/time-format";
import { inTransaction } from "@/lib/tx";
import { isUuid } from "@/lib/validation";
import { mayRecord, recordSignalsWithin, resolveReceivedAt } from "./commands";
import {
  IMPORT_CHUNK_ROWS,
  IMPORT_PREVIEW_ROWS,
  columnName,
  type ImportChunkAnswer,
  type ImportCommitAnswer,
  type ImportDefaults,
  type ImportField,
  type ImportMapping,
  type ImportPreviewRow,
  type ImportRowError,
} from "./import-format";
import { FUTURE_SKEW_MS, SCALE_RANGES, signalSchema, type SignalImportChunkInput, type SignalImportCommitInput, type SignalInput } from "./schemas";

// The CSV import of customer signals (decision 0020). The browser reads the file, maps its
// columns and sends the rows in chunks; each chunk is checked row by row here and its valid rows
// staged. Confirming records every staged row through the same intake as the form and the API
// (recordSignalsWithin: the same checks, the same follow-ups), in one transaction with one audit
// event. Nothing here holds more than one chunk of rows.

type StageEntry = { id: string; name: string; archived: boolean; journeyId: string; journeyName: string; journeyStatus: string };
export type StageDirectory = { byId: Map<string, StageEntry>; byJourney: Map<string, StageEntry[]>; byName: Map<string, StageEntry[]> };

const key = (s: string) => s.trim().toLowerCase();

/** Every stage with its journey, to resolve rows that name them (a company has hundreds at most). */
export async function loadStageDirectory(db: Executor): Promise<StageDirectory> {
  const rows = await db
    .select({ id: stages.id, name: stages.name, archived: stages.archived, journeyId: journeys.id, journeyName: journeys.name, journeyStatus: journeys.status })
    .from(stages)
    .innerJoin(journeys, eq(journeys.id, stages.journeyId));
  const dir: StageDirectory = { byId: new Map(), byJourney: new Map(), byName: new Map() };
  const push = (m: Map<string, StageEntry[]>, k: string, s: StageEntry) => (m.get(k) ?? m.set(k, []).get(k)!).push(s);
  for (const s of rows) {
    dir.byId.set(s.id, s);
    push(dir.byName, key(s.name), s);
    push(dir.byJourney, s.journeyId, s);
    push(dir.byJourney, key(s.journeyName), s);
  }
  return dir;
}

type Resolved = { stage: StageEntry } | { field: "journey" | "stage"; message: string };

/** The live stage a row names: by id, or by name (within the named journey, when there is one). */
export function resolveStage(dir: StageDirectory, journeyCell: string, stageCell: string): Resolved {
  const j = journeyCell.trim();
  const s = stageCell.trim();
  if (!s) return { field: "stage", message: "Name the stage (its name or id)." };
  const live = (e: StageEntry): Resolved =>
    e.archived
      ? { field: "stage", message: `The stage ${e.name} is archived; record the signal on a live stage.` }
      : e.journeyStatus === "archived"
        ? { field: "stage", message: `The journey of ${e.name} is archived; record the signal on a live journey.` }
        : { stage: e };
  let inJourney: StageEntry[] | null = null;
  if (j) {
    const stagesOf = dir.byJourney.get(isUuid(j) ? j : key(j)) ?? [];
    // An archived journey may share its name with a live one: the live one is meant.
    const liveOnes = stagesOf.filter((e) => e.journeyStatus !== "archived");
    inJourney = liveOnes.length ? liveOnes : stagesOf;
    if (!inJourney.length) return { field: "journey", message: `There is no journey ${isUuid(j) ? "with the id" : "named"} “${j}”.` };
  }
  if (isUuid(s)) {
    const e = dir.byId.get(s);
    if (!e) return { field: "stage", message: "There is no stage with that id." };
    if (inJourney && !inJourney.some((x) => x.id === e.id)) return { field: "stage", message: `The stage ${e.name} is not a stage of ${j}.` };
    return live(e);
  }
  const named = (inJourney ?? dir.byName.get(key(s)) ?? []).filter((e) => key(e.name) === key(s));
  if (!named.length) return { field: "stage", message: inJourney ? `${inJourney[0]!.journeyName} has no stage named “${s}”.` : `There is no stage named “${s}”.` };
  const liveOnes = named.filter((e) => !e.archived && e.journeyStatus !== "archived");
  if (liveOnes.length > 1) {
    return inJourney
      ? { field: "stage", message: `${inJourney[0]!.journeyName} has ${liveOnes.length} stages named “${s}”; use the stage's id.` }
      : { field: "stage", message: `${liveOnes.length} journeys have a stage named “${s}”; map a journey column too, or use the stage's id.` };
  }
  return live(liveOnes[0] ?? named[0]!);
}

/** Spreadsheets write "2026-11-20 09:15" or just the day; the intake reads ISO 8601. */
export function normaliseReceivedAt(v: string): string {
  const t = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return `${t}T00:00`;
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}.*)$/.exec(t);
  return m ? `${m[1]}T${m[2]!.replace(/ (?=[+-]\d{2}:\d{2}$|Z$)/i, "")}` : t;
}

type RowContext = { header: string[]; mapping: ImportMapping; defaults: ImportDefaults; dir: StageDirectory; timeZone: string; latest: number };
export type CheckedRow = { ok: true; line: number; signal: Record<string, unknown>; preview: ImportPreviewRow } | { ok: false; line: number; errors: ImportRowError[] };

const SCHEMA_FIELD: Record<string, ImportField> = { stageId: "stage", source: "source", receivedAt: "receivedAt", scale: "scale", score: "score", comment: "comment", customerRef: "customerRef", channel: "channel", tags: "tags" };
const PLACEHOLDER_STAGE = "00000000-0000-4000-8000-000000000000";

/** Checks one row as the intake would, naming each problem by its column; writes nothing. */
export function checkRow(ctx: RowContext, row: { line: number; fields: string[] }): CheckedRow {
  const { header, mapping, defaults } = ctx;
  const errors: ImportRowError[] = [];
  const cell = (f: ImportField) => {
    const i = mapping[f];
    // An exported cell a spreadsheet would run as a formula is written with a leading '.
    return i === null ? "" : (row.fields[i] ?? "").replace(/^'(?=[=+\-@\t\r])/, "");
  };
  const add = (field: ImportField | null, message: string) => errors.push({ line: row.line, column: field ? columnName(header, mapping, field) : "row", message });
  if (row.fields.length > header.length && row.fields.slice(header.length).some((f) => f.trim() !== "")) {
    add(null, `This row has ${row.fields.length} cells but the header has ${header.length} columns.`);
  }
  const resolved = resolveStage(ctx.dir, cell("journey"), cell("stage"));
  if ("field" in resolved) add(resolved.field, resolved.message);
  const score = cell("score").trim();
  const signal = {
    stageId: "stage" in resolved ? resolved.stage.id : PLACEHOLDER_STAGE,
    source: cell("source").trim().toLowerCase() || defaults.source,
    receivedAt: normaliseReceivedAt(cell("receivedAt")),
    scale: cell("scale").trim().toLowerCase() || (score ? defaults.scale : ""),
    score,
    comment: cell("comment"),
    customerRef: cell("customerRef"),
    channel: cell("channel"),
    tags: cell("tags").replace(/;/g, ","),
  };
  const parsed = signalSchema.safeParse(signal);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = SCHEMA_FIELD[String(issue.path[0])] ?? null;
      if (field === "stage") continue; // named by the stage's own check
      add(field, issue.message);
    }
  } else if (resolveReceivedAt(parsed.data.receivedAt, ctx.timeZone).getTime() > ctx.latest) {
    add("receivedAt", "When it was received is in the future; a signal is recorded after it arrives.");
  }
  if (errors.length || !parsed.success || !("stage" in resolved)) return { ok: false, line: row.line, errors };
  const v = parsed.data;
  return {
    ok: true,
    line: row.line,
    signal,
    preview: {
      line: row.line,
      journey: resolved.stage.journeyName,
      stage: resolved.stage.name,
      source: v.source,
      receivedAt: formatDateTime(resolveReceivedAt(v.receivedAt, ctx.timeZone), ctx.timeZone),
      score: v.scale && v.score !== null ? `${SCALE_RANGES[v.scale].label} ${Number(v.score)}` : "",
      comment: v.comment ?? "",
      customerRef: v.customerRef ?? "",
      channel: v.channel,
      tags: v.tags.join(", "),
    },
  };
}

/** The import, locked, as its creator sees it; another person's import does not exist for them. */
async function lockImport(tx: Executor, actor: Actor, importId: string) {
  const [found] = await tx.select().from(signalImports).where(eq(signalImports.id, importId)).for("update");
  if (!found || found.createdById !== actor.id) throw notFound("That import");
  return found;
}

/** Staged imports nobody confirmed are dropped after a day. */
const STAGING_DAYS = 1;

/**
 * Checks one chunk of a file's rows and stages the valid ones. Answers each row's problems by
 * row number and column, and the first rows as they will be imported. A chunk sent again (a
 * retry after a lost answer) is checked again but staged only once.
 */
export async function stageImportChunk({ actor, input }: { actor: Actor; input: SignalImportChunkInput }): Promise<ImportChunkAnswer> {
  mayRecord(actor);
  // Read before the transaction: on PGlite a query outside an open transaction waits for it.
  const { timeZone } = await getSettings();
  const dir = await loadStageDirectory(await getDb());
  const ctx: RowContext = { header: input.header, mapping: input.mapping, defaults: input.defaults as ImportDefaults, dir, timeZone, latest: Date.now() + FUTURE_SKEW_MS };
  const checked = input.rows.map((r) => checkRow(ctx, r));
  const valid = checked.filter((c) => c.ok);
  const errors = checked.flatMap((c) => (c.ok ? [] : c.errors));
  await inTransaction(async (tx) => {
    if (input.seq === 0) {
      await tx.delete(signalImports).where(and(eq(signalImports.status, "staging"), lt(signalImports.createdAt, sql`now() - make_interval(days => ${STAGING_DAYS})`)));
    }
    await tx.insert(signalImports).values({ id: input.importId, createdById: actor.id, fileName: input.fileName }).onConflictDoNothing();
    const found = await lockImport(tx, actor, input.importId);
    if (found.status === "imported") throw conflict("This file was already imported. Choose the file again to start a new import.");
    const chunk = await tx
      .insert(signalImportChunks)
      .values({ importId: input.importId, seq: input.seq, rows: input.rows.length, invalid: checked.length - valid.length })
      .onConflictDoNothing()
      .returning({ seq: signalImportChunks.seq });
    if (chunk.length && valid.length) {
      await tx
        .insert(signalImportRows)
        .values(valid.map((c) => ({ importId: input.importId, line: c.line, signal: c.signal })))
        .onConflictDoNothing();
    }
  });
  return { rows: checked.length, invalid: checked.length - valid.length, errors, preview: valid.slice(0, IMPORT_PREVIEW_ROWS).map((c) => c.preview) };
}

/**
 * Records every staged row of an import, all or nothing, through the intake the form and the API
 * use (so negative scores open follow-ups by the same thresholds), reading the staged rows a
 * chunk at a time. One audit event names the file and the counts. Refused while rows with
 * problems would be skipped and the person has not chosen to import only the valid ones.
 * Confirming again answers the first result and records nothing twice.
 */
export async function commitImport({ actor, input }: { actor: Actor; input: SignalImportCommitInput }): Promise<ImportCommitAnswer> {
  mayRecord(actor);
  const { timeZone } = await getSettings();
  return inTransaction(async (tx) => {
    const found = await lockImport(tx, actor, input.importId);
    if (found.status === "imported") {
      return { imported: found.rowsImported!, skipped: found.rowsSkipped!, followUpsOpened: found.followUpsOpened! };
    }
    const [sums] = await tx
      .select({ rows: sql<number>`coalesce(sum(${signalImportChunks.rows}), 0)::int`, invalid: sql<number>`coalesce(sum(${signalImportChunks.invalid}), 0)::int` })
      .from(signalImportChunks)
      .where(eq(signalImportChunks.importId, input.importId));
    if (sums!.rows !== input.rows) {
      throw conflict(`Only ${sums!.rows.toLocaleString("en")} of the file's ${input.rows.toLocaleString("en")} rows were checked; check the file again, then import.`);
    }
    if (sums!.invalid > 0 && !input.onlyValid) {
      throw invalid(`${sums!.invalid.toLocaleString("en")} ${sums!.invalid === 1 ? "row has" : "rows have"} problems, so nothing was imported. Fix the file, or choose to import only the valid rows.`, {
        onlyValid: ["Choose this to import the valid rows and skip the others."],
      });
    }
    let imported = 0;
    let followUpsOpened = 0;
    const stageIds = new Set<string>();
    for (let after = 0; ; ) {
      const page = await tx
        .select({ line: signalImportRows.line, signal: signalImportRows.signal })
        .from(signalImportRows)
        .where(and(eq(signalImportRows.importId, input.importId), gt(signalImportRows.line, after)))
        .orderBy(signalImportRows.line)
        .limit(IMPORT_CHUNK_ROWS);
      if (!page.length) break;
      const inputs: SignalInput[] = page.map((r) => {
        const parsed = signalSchema.safeParse(r.signal);
        if (!parsed.success) throw invalid(`Row ${r.line} can no longer be read; check the file again.`);
        return parsed.data;
      });
      // The same intake as the form and the API: the stage must still be live, the time past.
      const { rows, opened } = await recordSignalsWithin(tx, actor, inputs, timeZone, (i) => `rows.${page[i]!.line}.`);
      imported += rows.length;
      followUpsOpened += opened.length;
      for (const r of rows) stageIds.add(r.stageId);
      after = page[page.length - 1]!.line;
    }
    if (!imported) throw invalid("The file has no valid rows to import.");
    const skipped = sums!.invalid;
    await tx.delete(signalImportRows).where(eq(signalImportRows.importId, input.importId));
    await tx.delete(signalImportChunks).where(eq(signalImportChunks.importId, input.importId));
    await tx
      .update(signalImports)
      .set({ status: "imported", rowsImported: imported, rowsSkipped: skipped, followUpsOpened, importedAt: sql`now()` })
      .where(eq(signalImports.id, input.importId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "signal.imported",
      entityType: "signal",
      entityId: input.importId,
      after: { fileName: found.fileName, rowsImported: imported, rowsSkipped: skipped, stages: stageIds.size, followUpsOpened },
    });
    return { imported, skipped, followUpsOpened };
  });
}
