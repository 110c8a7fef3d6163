import { expect } from "vitest";
import { csvStream, type CsvExport } from "@/lib/exports/csv";

/** An RFC 4180 reader fed chunk by chunk: calls `onRow` with each complete row. */
function csvReader(onRow: (row: string[]) => void) {
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let pendingQuote = false; // saw a quote inside quotes: an escaped quote or the closing one
  let pendingCr = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  const feed = (text: string) => {
    for (const c of text) {
      if (pendingQuote) {
        pendingQuote = false;
        if (c === '"') {
          cell += '"';
          continue;
        }
        quoted = false;
      }
      if (pendingCr) {
        pendingCr = false;
        if (c === "\n") {
          endCell();
          onRow(row);
          row = [];
          continue;
        }
        cell += "\r";
      }
      if (quoted) {
        if (c === '"') pendingQuote = true;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") endCell();
      else if (c === "\r") pendingCr = true;
      else cell += c;
    }
  };
  const end = () => {
    if (pendingQuote) quoted = false;
    expect({ cell, row, quoted, pendingCr }, "the CSV ends with CRLF, outside quotes").toEqual({ cell: "", row: [], quoted: false, pendingCr: false });
  };
  return { feed, end };
}

/** Parses a whole CSV text. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  const r = csvReader((row) => out.push(row));
  r.feed(text);
  r.end();
  return out;
}

/**
 * Reads an export through the very stream a download sends, parsing as the bytes arrive (the
 * file is never held whole): each row (header first) goes to `onRow`. Returns the bytes read.
 */
export async function streamCsv(exp: CsvExport, onRow: (row: string[]) => void): Promise<number> {
  const reader = csvStream(exp.header, exp.rows).getReader();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const csv = csvReader(onRow);
  let bytes = 0;
  let first = true;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    let text = decoder.decode(value, { stream: true });
    if (first) {
      expect(text.startsWith("\uFEFF"), "a download starts with a byte-order mark").toBe(true);
      text = text.slice(1);
      first = false;
    }
    csv.feed(text);
  }
  csv.feed(decoder.decode());
  csv.end();
  return bytes;
}

/** An export's rows (header first), parsed. */
export async function csvRows(exp: CsvExport): Promise<string[][]> {
  const out: string[][] = [];
  await streamCsv(exp, (row) => out.push(row));
  return out;
}

/** Rows of the file as objects keyed by the header. */
export async function csvRecords(exp: CsvExport): Promise<Record<string, string>[]> {
  const [header, ...rows] = await csvRows(exp);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}
