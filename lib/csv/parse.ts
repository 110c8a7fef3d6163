// Reads CSV text as spreadsheets write it (RFC 4180): fields separated by commas, quoted with
// double quotes when they hold commas, quotes or line breaks ("" is a quote inside), lines ended
// by CRLF or LF, an optional byte-order mark. Each record keeps the line it starts on, so an error
// report can point people at the line their spreadsheet shows.

export type CsvRecord = { line: number; fields: string[] };
export type CsvParse = { records: CsvRecord[]; error: string | null };

export function parseCsv(text: string): CsvParse {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRecord = () => {
    fields.push(field);
    // A blank line is not a record.
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      fieldStarted = false;
    } else if (c === "\r" && s[i + 1] === "\n") {
      continue;
    } else if (c === "\n" || c === "\r") {
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) return { records, error: `A quoted field that starts on line ${recordLine} is never closed.` };
  if (field !== "" || fields.length) endRecord();
  return { records, error: null };
}
