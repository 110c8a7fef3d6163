import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/csv/parse";

describe("parseCsv", () => {
  it("reads plain, quoted and empty fields with CRLF or LF line ends and a byte-order mark", () => {
    expect(parseCsv('\ufeffa,b,c\r\n1,"two, with comma",\n"say ""hi""",x,y')).toEqual({
      records: [
        { line: 1, fields: ["a", "b", "c"] },
        { line: 2, fields: ["1", "two, with comma", ""] },
        { line: 3, fields: ['say "hi"', "x", "y"] },
      ],
      error: null,
    });
  });

  it("keeps line breaks inside quotes and numbers records by the line they start on", () => {
    const { records } = parseCsv('h1,h2\n"multi\nline",2\n\nlast,3\n');
    expect(records).toEqual([
      { line: 1, fields: ["h1", "h2"] },
      { line: 2, fields: ["multi\nline", "2"] },
      { line: 5, fields: ["last", "3"] },
    ]);
  });

  it("says where an unclosed quote starts", () => {
    expect(parseCsv('a,b\n1,"open\n2,3').error).toBe("A quoted field that starts on line 2 is never closed.");
  });
});
