import { DEFAULT_TIME_ZONE, todayIn } from "@/lib/time";
export type Cell = string | number | null | undefined;

/** One RFC 4180 cell. Cells that a spreadsheet would run as a formula are prefixed with ' (CSV injection). */
function csvCell(v: Cell): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, CRLF-terminated. */
export const csvLine = (row: Cell[]) => row.map(csvCell).join(",") + "\r\n";

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map(csvLine).join("");
}

/** A CSV export: its file name, header and rows, read lazily in batches (nothing runs until the body is read). */
/** The company's calendar an export is made in: today names the file, the zone says where days end. */
export type ExportClock = { today: string; timeZone: string };
/** Tests and scripts run in the default zone; the download routes pass the company's (exportResponse). */
export const utcClock = (): ExportClock => ({ today: todayIn(DEFAULT_TIME_ZONE), timeZone: DEFAULT_TIME_ZONE });

export type CsvExport = { filename: string; header: string[]; rows: AsyncIterable<Cell[][]> };

/**
 * The CSV as a byte stream, one chunk per batch of rows. It pulls the next batch only when
 * the reader has taken the last one, so a slow download holds one batch in memory, not the
 * file; a reader that goes away stops the reads.
 */
export function csvStream(header: string[], batches: AsyncIterable<Cell[][]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = batches[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark, so spreadsheets read the file as UTF-8.
      controller.enqueue(encoder.encode("\uFEFF" + csvLine(header)));
    },
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value.map(csvLine).join("")));
    },
    async cancel() {
      await it.return?.();
    },
  });
}

export function csvResponse(filename: string, body: ReadableStream<Uint8Array> | string): Response {
  return new Response(typeof body === "string" ? "\uFEFF" + body : body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
