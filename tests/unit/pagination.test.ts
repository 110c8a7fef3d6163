import { describe, expect, it } from "vitest";
import { csvLine, csvStream } from "@/lib/exports/csv";
import { keysetBatches } from "@/lib/keyset";
import { DEFAULT_PER_PAGE, fetchPage, pageCount, pageHref, pageRange, pagingSchema } from "@/lib/pagination";

describe("paging from the URL", () => {
  it("reads page and perPage, and falls back to page 1 of 50 on anything malformed", () => {
    expect(pagingSchema.parse({})).toEqual({ page: 1, perPage: DEFAULT_PER_PAGE });
    expect(pagingSchema.parse({ page: "3", perPage: "25" })).toEqual({ page: 3, perPage: 25 });
    for (const bad of [{ page: "0" }, { page: "-2" }, { page: "2.5" }, { page: "x" }, { page: ["2", "3"] }, { perPage: "1000" }, { perPage: "0" }]) {
      expect(pagingSchema.parse(bad), JSON.stringify(bad)).toEqual({ page: 1, perPage: DEFAULT_PER_PAGE });
    }
  });

  it("says which rows a page shows", () => {
    expect(pageRange({ page: 2, perPage: 50, total: 5000 })).toEqual({ from: 51, to: 100 });
    expect(pageRange({ page: 3, perPage: 50, total: 120 })).toEqual({ from: 101, to: 120 });
    expect(pageRange({ page: 1, perPage: 50, total: 0 })).toEqual({ from: 0, to: 0 });
    expect([pageCount(0, 50), pageCount(50, 50), pageCount(51, 50), pageCount(5000, 50)]).toEqual([1, 1, 2, 100]);
  });

  it("links a page next to the list's filters, leaving out the defaults", () => {
    expect(pageHref("/goals", { status: "open", health: undefined, journeyId: "" }, 1)).toBe("/goals?status=open");
    expect(pageHref("/goals", { status: "all", health: "off_track", page: 9 }, 2)).toBe("/goals?status=all&health=off_track&page=2");
    expect(pageHref("/audit", {}, 3, 25)).toBe("/audit?perPage=25&page=3");
    expect(pageHref("/decisions", { q: "a&b=c" }, 2)).toBe("/decisions?q=a%26b%3Dc&page=2");
  });
});

describe("fetchPage", () => {
  const rows = Array.from({ length: 120 }, (_, i) => i);
  const source = {
    count: async () => rows.length,
    rows: async (limit: number, offset: number) => rows.slice(offset, offset + limit),
  };
  it("returns the page with the total; pages are disjoint and cover every row", async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => fetchPage({ page, perPage: 50 }, source.count, source.rows)));
    expect(pages.map((p) => [p.page, p.pages, p.total, p.rows.length])).toEqual([[1, 3, 120, 50], [2, 3, 120, 50], [3, 3, 120, 20]]);
    expect(pages.flatMap((p) => p.rows)).toEqual(rows);
  });
  it("shows the last page for a page past the end, and page 1 of 1 when there is nothing", async () => {
    expect(await fetchPage({ page: 7, perPage: 50 }, source.count, source.rows)).toMatchObject({ page: 3, pages: 3, rows: rows.slice(100) });
    expect(await fetchPage({ page: 2, perPage: 50 }, async () => 0, async () => [])).toEqual({ rows: [], total: 0, page: 1, perPage: 50, pages: 1 });
  });
});

describe("keysetBatches", () => {
  const reader = (n: number, calls: (number | null)[]) => async (after: number | null, limit: number) => {
    calls.push(after);
    const from = after === null ? 0 : after + 1;
    return Array.from({ length: Math.max(0, Math.min(limit, n - from)) }, (_, i) => from + i);
  };
  it.each([0, 1, 999, 1000, 1001, 2500, 3000])("%i rows in batches of 1,000: every row once, in order", async (n) => {
    const calls: (number | null)[] = [];
    const seen: number[] = [];
    for await (const batch of keysetBatches(reader(n, calls), 1000)) {
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(1000);
      seen.push(...batch);
    }
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => i));
    // One query per full batch, plus the one that finds the end.
    expect(calls.length).toBe(Math.floor(n / 1000) + 1);
  });
});

describe("csvStream", () => {
  it("writes the byte-order mark and header first, then one chunk per batch", async () => {
    async function* batches() {
      yield [["a", 1]];
      yield [["=x", null], ['say "hi"', "two\nlines"]];
    }
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(csvStream(["h1", "h2"], batches())).arrayBuffer());
    expect(text).toBe('\uFEFFh1,h2\r\na,1\r\n\'=x,\r\n"say ""hi""","two\nlines"\r\n');
    expect(csvLine(["-7", "-x"])).toBe("-7,'-x\r\n");
  });

  it("reads the next batch only when the reader wants more, and stops reading when the reader goes away", async () => {
    let produced = 0;
    let finished = false;
    async function* batches() {
      try {
        for (let i = 0; i < 1000; i++) {
          produced++;
          yield [[i]];
        }
      } finally {
        finished = true;
      }
    }
    const reader = csvStream(["n"], batches()).getReader();
    await reader.read(); // the header
    await reader.read(); // batch 0
    await reader.read(); // batch 1
    await new Promise((r) => setTimeout(r, 20));
    // At most one batch is read ahead of the reader: the rest waits for demand.
    expect(produced).toBeLessThanOrEqual(3);
    await reader.cancel();
    expect(finished).toBe(true);
    expect(produced).toBeLessThanOrEqual(3);
  });

  it("fails the download (not a silently short file) when a batch cannot be read", async () => {
    async function* batches() {
      yield [["ok"]];
      throw new Error("database went away");
    }
    await expect(new Response(csvStream(["n"], batches())).text()).rejects.toThrow("database went away");
  });
});
