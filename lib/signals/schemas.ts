import { z } from "zod";
import { checkboxField, dateParam, dateProblem, isIsoDate, safeText, textField, uuidField } from "@/lib/validation";
import { IMPORT_CHUNK_ROWS, IMPORT_FIELD_KEYS, IMPORT_MAX_COLUMNS, IMPORT_MAX_ROWS, type ImportField } from "./import-format";

// One customer signal as the form, the REST API and (later) the CSV import send it. The database
// checks the same limits (migration 0020); these give each its own sentence first.

export const SIGNAL_SOURCES = ["survey", "support", "review", "interview", "other"] as const;
export const SIGNAL_SCALES = ["csat", "nps", "ces"] as const;
export type SignalScale = (typeof SIGNAL_SCALES)[number];
export const SCALE_RANGES: Record<SignalScale, { min: number; max: number; label: string }> = {
  csat: { min: 1, max: 5, label: "CSAT" },
  nps: { min: 0, max: 10, label: "NPS" },
  ces: { min: 1, max: 7, label: "CES" },
};
export const MAX_BATCH = 1000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;
/** How far ahead of our clock a received time may be (the sender's clock may run a little fast). */
export const FUTURE_SKEW_MS = 5 * 60_000;

const blankToNull = (v: unknown) => (v === "" || v === undefined ? null : typeof v === "string" && v.trim() === "" ? null : v);

const optionalText = (label: string, max: number) =>
  z.preprocess(blankToNull, safeText(`${label} must be text.`).trim().max(max, `${label} must be at most ${max} characters.`).nullable());

// "2026-12-06T10:30" (a form's datetime-local, read in the company's time zone) or an ISO 8601
// instant with its offset ("2026-12-06T10:30:00Z", "…+01:00"), as an API sends it.
const RECEIVED_AT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;
export type ReceivedAt = { date: string; hour: number; minute: number; second: number; instant: Date | null };
const RECEIVED_AT_FORMAT = "When it was received must be a date and time, like 2026-03-01T14:30 (or with an offset, 2026-03-01T14:30:00Z).";

export const receivedAtField = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString() : v),
  safeText("Say when the signal was received.")
    .trim()
    .min(1, "Say when the signal was received.")
    .transform((v, ctx): ReceivedAt => {
      const m = RECEIVED_AT.exec(v);
      if (!m) {
        ctx.addIssue({ code: "custom", message: RECEIVED_AT_FORMAT });
        return z.NEVER;
      }
      const [, date, hh, mm, ss, offset] = m;
      const dp = dateProblem(date);
      const hour = Number(hh), minute = Number(mm), second = Number(ss ?? 0);
      if (dp || hour > 23 || minute > 59 || second > 59) {
        ctx.addIssue({ code: "custom", message: dp ? `When it was received: the date ${dp}` : RECEIVED_AT_FORMAT });
        return z.NEVER;
      }
      const instant = offset ? new Date(v.toUpperCase()) : null;
      if (instant && Number.isNaN(instant.getTime())) {
        ctx.addIssue({ code: "custom", message: RECEIVED_AT_FORMAT });
        return z.NEVER;
      }
      return { date: date!, hour, minute, second, instant };
    }),
);

const scaleField = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim().toLowerCase()) : v ?? null),
  z.enum(SIGNAL_SCALES, { error: "Choose the score's scale: CSAT (1–5), NPS (0–10) or CES (1–7)." }).nullable(),
);

const SCORE = /^-?\d{1,3}(\.\d{1,2})?$/;
// Scores are numbers, whole or with up to two decimals (an average a survey tool exports).
const scoreField = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : blankToNull(v)),
  z
    .string({ error: "The score must be a number." })
    .trim()
    .regex(SCORE, "The score must be a number, like 4 or 8.5 (at most two decimals).")
    .nullable(),
);

const tagsField = z.preprocess(
  (v) => {
    if (v == null || v === "") return [];
    const list = typeof v === "string" ? v.split(",") : v;
    if (!Array.isArray(list)) return list;
    const out: unknown[] = [];
    for (const t of list) {
      const tag = typeof t === "string" ? t.trim() : t;
      if (tag === "" || (typeof tag === "string" && out.includes(tag))) continue;
      out.push(tag);
    }
    return out;
  },
  z
    .array(safeText("Each tag must be text.").max(MAX_TAG_LENGTH, `Each tag must be at most ${MAX_TAG_LENGTH} characters.`), { error: "Tags must be a list of words (in the form: separated by commas)." })
    .max(MAX_TAGS, `Give at most ${MAX_TAGS} tags.`),
);

export const signalSchema = z
  .object({
    stageId: uuidField("the stage"),
    source: z.enum(SIGNAL_SOURCES, { error: "Choose where the signal came from: survey, support, review, interview or other." }),
    receivedAt: receivedAtField,
    scale: scaleField.default(null),
    score: scoreField.default(null),
    comment: optionalText("The comment", 5000).default(null),
    customerRef: optionalText("The customer reference", 200).default(null),
    channel: z.preprocess((v) => (v == null ? "" : v), safeText("The channel must be text.").trim().max(100, "The channel must be at most 100 characters.")),
    tags: tagsField,
  })
  .superRefine((v, ctx) => {
    if (!v || typeof v !== "object") return;
    // Runs even when other fields failed, so each value is checked to be one of its own before use.
    const raw = v as { scale?: unknown; score?: unknown };
    const scale = raw.scale === null || (SIGNAL_SCALES as readonly unknown[]).includes(raw.scale) ? (raw.scale as SignalScale | null) : undefined;
    const score = raw.score === null || (typeof raw.score === "string" && SCORE.test(raw.score)) ? (raw.score as string | null) : undefined;
    if (scale === undefined || score === undefined) return;
    if (score != null && scale === null) ctx.addIssue({ code: "custom", path: ["scale"], message: "Choose the scale this score is on: CSAT (1–5), NPS (0–10) or CES (1–7)." });
    if (score === null && scale != null) ctx.addIssue({ code: "custom", path: ["score"], message: `Enter the ${SCALE_RANGES[scale].label} score, or choose no scale.` });
    if (score != null && scale != null && SCALE_RANGES[scale]) {
      const n = Number(score);
      const { min, max, label } = SCALE_RANGES[scale];
      if (!(n >= min && n <= max)) ctx.addIssue({ code: "custom", path: ["score"], message: `A ${label} score is from ${min} to ${max}; ${score} is outside it.` });
    }
  }, { when: () => true });
export type SignalInput = z.output<typeof signalSchema>;

export const signalBatchSchema = z.object({
  signals: z
    .array(signalSchema, { error: "Send the signals as a list: {\"signals\": [ … ]}." })
    .min(1, "Send at least one signal.")
    .max(MAX_BATCH, `Send at most ${MAX_BATCH} signals at once; split a larger batch.`),
});
export type SignalBatchInput = z.output<typeof signalBatchSchema>;

/** The API's body: one signal, or {signals: [...]} (chosen by the presence of `signals`). */
export const signalsBodySchema = z.unknown().transform((v, ctx) => {
  const schema: z.ZodType = v && typeof v === "object" && "signals" in v ? signalBatchSchema : signalSchema;
  const parsed = schema.safeParse(v);
  if (parsed.success) return parsed.data as SignalInput | SignalBatchInput;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  return z.NEVER;
});
export const isBatch = (v: SignalInput | SignalBatchInput): v is SignalBatchInput => "signals" in v;

export const flagSignalSchema = z.object({
  signalId: uuidField("the signal"),
  note: textField("A note saying why it needs action", 2000),
});
export const redactSignalSchema = z.object({
  signalId: uuidField("the signal"),
  reason: textField("The reason for removing the comment", 500),
});
export type FlagSignalInput = z.output<typeof flagSignalSchema>;
export type RedactSignalInput = z.output<typeof redactSignalSchema>;

/** The filters of a list of signals (the REST API's GET /signals): a stage, and days received. */
export const signalListFilterShape = {
  stageId: z.uuid("That stage does not exist.").optional().describe("Only this stage's signals."),
  from: dateParam.optional().describe("YYYY-MM-DD: received on or after this day (the company's time zone)."),
  to: dateParam.optional().describe("YYYY-MM-DD: received on or before this day (the company's time zone)."),
};
/** `from` after `to` is a mistake to name, not an empty list. */
const rangeError: { path: PropertyKey[]; message: string } = { path: ["to"], message: "`to` must be on or after `from`." };
export const fromNotAfterTo: [(f: { from?: string; to?: string }) => boolean, typeof rangeError] = [
  // Only two valid days are compared; a malformed one is named by its own field.
  (f) => !isIsoDate(f.from) || !isIsoDate(f.to) || f.from <= f.to,
  rangeError,
];
export const signalListFilterSchema = z.object(signalListFilterShape).refine(...fromNotAfterTo);
export type SignalListFilter = z.output<typeof signalListFilterSchema>;

// ── The CSV import (lib/signals/import.ts) ──────────────────────────────────────────────────
// The browser reads the file and sends it in chunks of rows with the column mapping; each cell
// is checked by signalSchema per row (a bad cell is a row's error, not a refused request).

const columnIndex = z.number({ error: "A mapped column must be the column's number." }).int().min(0).max(IMPORT_MAX_COLUMNS - 1).nullable();
export const importMappingSchema = z
  .object(Object.fromEntries(IMPORT_FIELD_KEYS.map((k) => [k, columnIndex])) as Record<ImportField, typeof columnIndex>, { error: "Send the column mapping." })
  .refine((m) => m.stage !== null, { path: ["stage"], message: "Choose the column that names the stage." })
  .refine((m) => m.receivedAt !== null, { path: ["receivedAt"], message: "Choose the column that says when each signal was received." });

const importBase = {
  importId: uuidField("the import"),
};

export const signalImportChunkSchema = z
  .object({
    ...importBase,
    seq: z.number({ error: "Number the chunks from 0." }).int().min(0).max(IMPORT_MAX_ROWS),
    fileName: textField("The file's name", 255),
    // Column names are shown back to the person mapping them: no invisible or direction-changing characters.
    header: z.array(safeText("Each column name must be text.").max(500, "A column name must be at most 500 characters."), { error: "Send the header row." }).min(1).max(IMPORT_MAX_COLUMNS, `A file may have at most ${IMPORT_MAX_COLUMNS} columns.`),
    mapping: importMappingSchema,
    defaults: z.object({
      source: z.enum(["", ...SIGNAL_SOURCES], { error: "Choose the source of rows that name none." }),
      scale: z.enum(["", ...SIGNAL_SCALES], { error: "Choose the scale of scores without one." }),
    }),
    rows: z
      .array(
        z.object({
          line: z.number().int().min(2).max(100_000_000),
          fields: z.array(z.string().max(20_000, "A cell must be at most 20,000 characters.")).max(IMPORT_MAX_COLUMNS * 2),
        }),
        { error: "Send the rows as a list." },
      )
      .min(1, "Send at least one row.")
      .max(IMPORT_CHUNK_ROWS, `Send at most ${IMPORT_CHUNK_ROWS} rows at once.`),
  })
  .superRefine((v, ctx) => {
    if (!v.mapping || !Array.isArray(v.header)) return;
    for (const [field, i] of Object.entries(v.mapping)) {
      if (typeof i === "number" && i >= v.header.length) ctx.addIssue({ code: "custom", path: ["mapping", field], message: "That column is not in the file." });
    }
    if (v.mapping.source === null && v.defaults?.source === "") ctx.addIssue({ code: "custom", path: ["defaults", "source"], message: "Choose the column that names the source, or the source of every row." });
  });
export type SignalImportChunkInput = z.output<typeof signalImportChunkSchema>;

export const signalImportCommitSchema = z.object({
  ...importBase,
  rows: z.coerce.number({ error: "Say how many rows the file has." }).int().min(1).max(IMPORT_MAX_ROWS),
  onlyValid: checkboxField,
});
export type SignalImportCommitInput = z.output<typeof signalImportCommitSchema>;
