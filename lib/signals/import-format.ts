// The CSV import of customer signals as both sides see it: the fields a file's columns map to,
// the guess of that mapping from the header, and the limits. No zod here: the wizard imports it
// in the browser (decision 0013); the server validates what it is sent (lib/signals/import.ts).

export const IMPORT_FIELDS = [
  { key: "journey", label: "Journey", hint: "Its name or id. Needed when two journeys have a stage of the same name." },
  { key: "stage", label: "Stage", hint: "Its name or id.", required: true },
  { key: "source", label: "Source", hint: "survey, support, review, interview or other." },
  { key: "receivedAt", label: "Received at", hint: "2026-11-20T09:15, 2026-11-20 09:15 or 2026-11-20; with an offset (…Z, …+01:00) as is, otherwise in the company's time zone.", required: true },
  { key: "score", label: "Score", hint: "A number on the row's scale." },
  { key: "scale", label: "Scale", hint: "csat (1–5), nps (0–10) or ces (1–7)." },
  { key: "comment", label: "Comment", hint: "The customer's words." },
  { key: "customerRef", label: "Customer reference", hint: "A pseudonymous id, not a name." },
  { key: "channel", label: "Channel", hint: "email, chat, phone…" },
  { key: "tags", label: "Tags", hint: "Separated by commas or semicolons." },
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number]["key"];
export const IMPORT_FIELD_KEYS = IMPORT_FIELDS.map((f) => f.key) as [ImportField, ...ImportField[]];

/** Each field's column index in the file, or null when the file has no such column. */
export type ImportMapping = Record<ImportField, number | null>;
/** What a row without a source or a scale column is taken to be. */
export type ImportDefaults = { source: string; scale: string };

/** Rows per request: one chunk is checked and staged in one short transaction. */
export const IMPORT_CHUNK_ROWS = 2000;
/** Characters per request, well under the 1 MB a server action reads (rows with long comments). */
export const IMPORT_CHUNK_CHARS = 600_000;
export const IMPORT_MAX_ROWS = 200_000;
/** The browser reads the file itself; larger than this is not a survey export. */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;
export const IMPORT_MAX_COLUMNS = 100;
export const IMPORT_PREVIEW_ROWS = 10;
/** The report lists this many problems; the count of rows with problems is always exact. */
export const IMPORT_MAX_LISTED_ERRORS = 1000;
/** The demo company's sample survey export (public/samples), offered by the page and the README. */
export const SAMPLE_SURVEY_CSV = "/samples/signals-survey.csv";

const ALIASES: Record<ImportField, string[]> = {
  journey: ["journey", "journey name", "journey id", "journeyid", "journey_id"],
  stage: ["stage", "stage name", "stage id", "stageid", "stage_id", "touchpoint", "moment"],
  source: ["source", "signal source", "origin", "type"],
  receivedAt: ["received at", "receivedat", "received_at", "received", "date", "date time", "datetime", "timestamp", "submitted at", "submitted", "response date", "created at", "time"],
  score: ["score", "rating", "value", "csat", "nps", "ces", "csat score", "nps score", "ces score"],
  scale: ["scale", "score scale", "metric", "survey type"],
  comment: ["comment", "comments", "feedback", "verbatim", "text", "answer", "remarks", "notes"],
  customerRef: ["customer reference", "customer ref", "customerref", "customer_ref", "customer", "customer id", "customer_id", "respondent", "respondent id", "ref"],
  channel: ["channel", "medium", "via"],
  tags: ["tags", "tag", "labels", "topics"],
};

const norm = (h: string) => h.trim().toLowerCase().replace(/[\s_\-.]+/g, " ").trim();

/**
 * The mapping a header suggests: each field takes the first column whose name is one of its
 * aliases (case, spaces, dashes and underscores aside); no column is used twice.
 */
export function guessMapping(header: string[]): { mapping: ImportMapping; defaults: ImportDefaults } {
  const names = header.map(norm);
  const used = new Set<number>();
  const mapping = Object.fromEntries(IMPORT_FIELD_KEYS.map((k) => [k, null])) as ImportMapping;
  for (const field of IMPORT_FIELD_KEYS) {
    for (const alias of ALIASES[field].map(norm)) {
      const i = names.findIndex((n, j) => n === alias && !used.has(j));
      if (i >= 0) {
        mapping[field] = i;
        used.add(i);
        break;
      }
    }
  }
  // A score column named after its scale ("CSAT") says the scale of rows without a scale column.
  const scoreName = mapping.score === null ? "" : names[mapping.score]!;
  const scale = mapping.scale === null ? (["csat", "nps", "ces"].find((s) => scoreName.startsWith(s)) ?? "") : "";
  return { mapping, defaults: { source: "survey", scale } };
}

/** The header's name of a field's column, for an error message ("score", or the field's label). */
export function columnName(header: string[], mapping: ImportMapping, field: ImportField): string {
  const i = mapping[field];
  const label = IMPORT_FIELDS.find((f) => f.key === field)!.label;
  return i === null ? label : header[i]?.trim() || `column ${i + 1}`;
}

/** Splits the rows into requests of at most IMPORT_CHUNK_ROWS rows and about IMPORT_CHUNK_CHARS characters. */
export function chunkRows<R extends { fields: string[] }>(rows: R[]): R[][] {
  const chunks: R[][] = [];
  let current: R[] = [];
  let chars = 0;
  for (const r of rows) {
    const size = r.fields.reduce((a, f) => a + f.length + 8, 16);
    if (current.length && (current.length >= IMPORT_CHUNK_ROWS || chars + size > IMPORT_CHUNK_CHARS)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(r);
    chars += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

export type ImportRowError = { line: number; column: string; message: string };
export type ImportPreviewRow = { line: number; journey: string; stage: string; source: string; receivedAt: string; score: string; comment: string; customerRef: string; channel: string; tags: string };
export type ImportChunkAnswer = { rows: number; invalid: number; errors: ImportRowError[]; preview: ImportPreviewRow[] };
export type ImportCommitAnswer = { imported: number; skipped: number; followUpsOpened: number };
