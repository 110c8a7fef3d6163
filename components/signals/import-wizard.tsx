"use client";

import { useState } from "react";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import type { ActionResult } from "@/lib/actions";
import { parseCsv, type CsvRecord } from "@/lib/csv/parse";
import {
  chunkRows,
  guessMapping,
  IMPORT_CHUNK_ROWS,
  IMPORT_FIELDS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_COLUMNS,
  IMPORT_MAX_LISTED_ERRORS,
  IMPORT_MAX_ROWS,
  IMPORT_PREVIEW_ROWS,
  type ImportChunkAnswer,
  type ImportCommitAnswer,
  type ImportDefaults,
  type ImportField,
  type ImportMapping,
  type ImportPreviewRow,
  type ImportRowError,
} from "@/lib/signals/import-format";
import { SCALE_OPTIONS, SOURCE_OPTIONS } from "./labels";

export type ChunkPayload = { importId: string; seq: number; fileName: string; header: string[]; mapping: ImportMapping; defaults: ImportDefaults; rows: { line: number; fields: string[] }[] };
export type ChunkAction = (prev: unknown, payload: ChunkPayload) => Promise<ActionResult<ImportChunkAnswer>>;

type LoadedFile = { name: string; header: string[]; rows: CsvRecord[] };
type Checked = { importId: string; rows: number; invalid: number; errors: ImportRowError[]; preview: ImportPreviewRow[] };

const n = (v: number) => v.toLocaleString("en");
const rowsWord = (v: number) => `${n(v)} ${v === 1 ? "row" : "rows"}`;
const selectClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

/** A refusal in words: its sentence and each named problem. */
function failureText(r: Extract<ActionResult<unknown>, { ok: false }>): string {
  const details = Object.entries(r.fieldErrors).flatMap(([k, v]) => v.map((m) => (k === "_form" ? m : `${k}: ${m}`)));
  return [r.error, ...details.slice(0, 5)].join(" ");
}

/**
 * The signal import: choose a CSV file (read here, in the browser), map its columns to the
 * signal's fields, check it (sent in chunks, with progress; every problem named by row and
 * column, the first rows shown as they will be imported), then import, all at once. A file with
 * problems imports nothing unless the person chooses to import only its valid rows.
 */
export function SignalImportWizard({ checkAction, importAction }: { checkAction: ChunkAction; importAction: FormAction<ImportCommitAnswer> }) {
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [defaults, setDefaults] = useState<ImportDefaults>({ source: "survey", scale: "" });
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [checkProblem, setCheckProblem] = useState<string | null>(null);

  const reset = () => {
    setChecked(null);
    setCheckProblem(null);
    setProgress(null);
  };

  async function choose(f: File | undefined) {
    reset();
    setFile(null);
    setMapping(null);
    setFileProblem(null);
    if (!f) return;
    if (f.size > IMPORT_MAX_BYTES) return setFileProblem(`${f.name} is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; split it into smaller files.`);
    const text = await f.text();
    const parsed = parseCsv(text);
    if (parsed.error) return setFileProblem(`${f.name} cannot be read as CSV: ${parsed.error}`);
    const [head, ...rows] = parsed.records;
    if (!head) return setFileProblem(`${f.name} is empty. It needs a header row and one row per signal.`);
    if (head.fields.length > IMPORT_MAX_COLUMNS) return setFileProblem(`${f.name} has ${head.fields.length} columns; a file may have at most ${IMPORT_MAX_COLUMNS}.`);
    if (!rows.length) return setFileProblem(`${f.name} has a header row but no signals.`);
    if (rows.length > IMPORT_MAX_ROWS) return setFileProblem(`${f.name} has ${n(rows.length)} rows; import at most ${n(IMPORT_MAX_ROWS)} at a time.`);
    const guess = guessMapping(head.fields);
    setFile({ name: f.name, header: head.fields, rows });
    setMapping(guess.mapping);
    setDefaults(guess.defaults);
  }

  async function check() {
    if (!file || !mapping) return;
    reset();
    const importId = crypto.randomUUID();
    const chunks = chunkRows(file.rows);
    const result: Checked = { importId, rows: 0, invalid: 0, errors: [], preview: [] };
    setProgress({ done: 0, total: file.rows.length });
    for (const [seq, chunk] of chunks.entries()) {
      const payload: ChunkPayload = { importId, seq, fileName: file.name.slice(0, 255), header: file.header, mapping, defaults, rows: chunk.map((r) => ({ line: r.line, fields: r.fields })) };
      let answer: ActionResult<ImportChunkAnswer> | null = null;
      // A lost answer is sent again: the server stages each chunk once.
      for (let attempt = 1; attempt <= 3 && !answer; attempt++) {
        try {
          const a = await checkAction(null, payload);
          if (a.ok || a.code !== "unavailable" || attempt === 3) answer = a;
        } catch {
          if (attempt === 3) answer = { ok: false, code: "unavailable", error: "The server could not be reached; check the connection and try again.", fieldErrors: {} };
        }
      }
      if (!answer!.ok) {
        setProgress(null);
        return setCheckProblem(failureText(answer!));
      }
      const d = answer!.data;
      result.rows += d.rows;
      result.invalid += d.invalid;
      result.errors.push(...d.errors.slice(0, Math.max(0, IMPORT_MAX_LISTED_ERRORS - result.errors.length)));
      result.preview.push(...d.preview.slice(0, Math.max(0, IMPORT_PREVIEW_ROWS - result.preview.length)));
      setProgress({ done: result.rows, total: file.rows.length });
    }
    setChecked(result);
  }

  const setField = (field: ImportField, value: string) => {
    reset();
    setMapping((m) => (m ? { ...m, [field]: value === "" ? null : Number(value) } : m));
  };

  return (
    <div className="space-y-6">
      <section aria-labelledby="step-file" className="space-y-2">
        <h2 id="step-file" className="text-base font-semibold text-slate-900">1. Choose the file</h2>
        <label htmlFor="signals-file" className="block text-sm font-medium text-slate-800">CSV file</label>
        <input id="signals-file" type="file" accept=".csv,text/csv" aria-describedby="signals-file-hint" className="block max-w-full text-sm" onChange={(e) => choose(e.target.files?.[0])} />
        <p id="signals-file-hint" className="text-xs text-slate-500">
          One row per signal, with a header row. Read in your browser and sent in parts of {n(IMPORT_CHUNK_ROWS)} rows; at most {n(IMPORT_MAX_ROWS)} rows.
        </p>
        {fileProblem ? <Alert tone="error">{fileProblem}</Alert> : null}
        {file ? <p className="text-sm text-slate-700">{file.name}: {rowsWord(file.rows.length)}, {file.header.length} columns.</p> : null}
      </section>

      {file && mapping ? (
        <section aria-labelledby="step-map" className="space-y-3">
          <h2 id="step-map" className="text-base font-semibold text-slate-900">2. Match the columns</h2>
          <p className="text-sm text-slate-600">Guessed from the column names; change any that are wrong.</p>
          <div className="grid gap-4 sm:grid-cols-2">
            {IMPORT_FIELDS.map((f) => (
              <div key={f.key} className="min-w-0 space-y-1">
                <label htmlFor={`map-${f.key}`} className="block text-sm font-medium text-slate-800">{f.label}{"required" in f ? " (required)" : ""}</label>
                <select id={`map-${f.key}`} value={mapping[f.key] ?? ""} onChange={(e) => setField(f.key, e.target.value)} aria-describedby={`map-${f.key}-hint`} className={selectClass}>
                  <option value="">Not in the file</option>
                  {file.header.map((h, i) => <option key={i} value={i}>{h.trim() || `Column ${i + 1}`}</option>)}
                </select>
                <p id={`map-${f.key}-hint`} className="text-xs text-slate-500">{f.hint}</p>
              </div>
            ))}
            <DefaultSelect id="default-source" label="Source of rows that name none" value={defaults.source} options={SOURCE_OPTIONS} onChange={(source) => { reset(); setDefaults({ ...defaults, source }); }} />
            <DefaultSelect id="default-scale" label="Scale of scores that name none" value={defaults.scale} options={SCALE_OPTIONS} onChange={(scale) => { reset(); setDefaults({ ...defaults, scale }); }} />
          </div>
          <Button onClick={check} disabled={progress !== null && !checked && !checkProblem}>Check the file</Button>
          {progress ? (
            <div className="space-y-1">
              <label htmlFor="import-progress" className="block text-sm text-slate-700">
                {checked ? "Checked" : "Checking"} {n(progress.done)} of {rowsWord(progress.total)}
              </label>
              <progress id="import-progress" className="h-2 w-full" max={progress.total} value={progress.done} />
            </div>
          ) : null}
          {checkProblem ? <Alert tone="error">{checkProblem}</Alert> : null}
        </section>
      ) : null}

      {checked && file ? <CheckResult checked={checked} importAction={importAction} /> : null}
    </div>
  );
}

/** What rows that leave a field blank are taken to be (or "none": such a row is refused). */
function DefaultSelect({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void }) {
  return (
    <div className="min-w-0 space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={selectClass}>
        <option value="">None (the row is refused)</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

function CheckResult({ checked, importAction }: { checked: Checked; importAction: FormAction<ImportCommitAnswer> }) {
  const valid = checked.rows - checked.invalid;
  return (
    <section aria-labelledby="step-preview" className="space-y-4">
      <h2 id="step-preview" className="text-base font-semibold text-slate-900">3. Preview and import</h2>
      <p className="text-sm" role="status">
        {rowsWord(checked.rows)} checked: {n(valid)} ready to import{checked.invalid ? `, ${n(checked.invalid)} with problems` : ""}.
      </p>
      {checked.preview.length ? (
        <Table caption="The first rows as they will be imported" scrolls>
          <thead>
            <tr><Th>Row</Th><Th>Stage</Th><Th>Source</Th><Th>Received</Th><Th>Score</Th><Th>Comment</Th><Th>Customer</Th><Th>Channel</Th><Th>Tags</Th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {checked.preview.map((r) => (
              <tr key={r.line}>
                <Td className="font-mono">{r.line}</Td>
                <Td className="min-w-48"><span className="text-slate-500">{r.journey} · </span>{r.stage}</Td>
                <Td>{r.source}</Td>
                <Td className="whitespace-nowrap">{r.receivedAt}</Td>
                <Td className="whitespace-nowrap">{r.score || "—"}</Td>
                <Td className="max-w-xs break-words">{r.comment.length > 140 ? `${r.comment.slice(0, 140)}…` : r.comment}</Td>
                <Td>{r.customerRef}</Td>
                <Td>{r.channel}</Td>
                <Td>{r.tags}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {checked.invalid ? (
        <div role="region" aria-label="Problems in the file" className="space-y-2">
          <p className="text-sm font-medium text-red-800">
            {checked.invalid === 1 ? "1 row has problems" : `${n(checked.invalid)} rows have problems`}. Nothing is imported from this file unless you choose to import only the valid rows.
          </p>
          <ul className="max-h-96 space-y-1 overflow-y-auto rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            {checked.errors.map((e, i) => (
              <li key={`${e.line}-${i}`} className="break-words"><span className="font-semibold">Row {e.line}</span>, {e.column}: {e.message}</li>
            ))}
          </ul>
          {checked.errors.length >= IMPORT_MAX_LISTED_ERRORS ? <p className="text-xs text-slate-600">The first {n(IMPORT_MAX_LISTED_ERRORS)} problems are listed.</p> : null}
        </div>
      ) : null}
      {valid ? (
        <ActionForm
          action={importAction}
          submitLabel={checked.invalid ? `Import the ${n(valid)} valid ${valid === 1 ? "row" : "rows"}` : `Import ${n(valid)} ${valid === 1 ? "signal" : "signals"}`}
          // One transaction records every row: say how many, and that a large file takes a while.
          pendingLabel={valid > 10_000 ? `Importing ${n(valid)} signals in one step (a large file takes a minute or so)…` : `Importing ${n(valid)} signals…`}
          aria-label="Import the signals"
          resetOnSuccess={false}
          renderSuccess={() => <a className="text-sm font-medium text-brand-700 underline" href="/follow-ups">See the follow-ups</a>}
        >
          <input type="hidden" name="importId" value={checked.importId} />
          <input type="hidden" name="rows" value={checked.rows} />
          {checked.invalid ? (
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="onlyValid" value="on" className="mt-1" /> Import only the valid rows, and skip the {rowsWord(checked.invalid)} with problems
            </label>
          ) : null}
        </ActionForm>
      ) : (
        <Alert tone="error">No row can be imported; fix the file and choose it again.</Alert>
      )}
    </section>
  );
}
