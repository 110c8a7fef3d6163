import crypto from "node:crypto";
import { z } from "zod";
import { invalid } from "@/lib/errors";
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, type Page, type Paging } from "@/lib/pagination";

// List endpoints page with an opaque cursor. Inside it is the position in the list's total
// order (the same pages the UI shows, so the same lib/ query serves both) and a fingerprint of
// the filter it was issued for: a cursor replayed with other filters is refused, not misread.
// Rows added or removed between two calls may shift the list by that many rows; a list too long
// for that (customer signals) pages by keyset instead (encodeKeysetCursor below).

const cursorBody = z.strictObject({ v: z.literal(1), p: z.number().int().min(1).max(1_000_000), n: z.number().int().min(1).max(MAX_PER_PAGE), f: z.string().max(32) });

export const listQuery = {
  cursor: z.string().max(200).optional().describe("The `nextCursor` of the previous page; omit for the first page."),
  limit: z.coerce.number().int().min(1, "limit must be at least 1.").max(MAX_PER_PAGE, `limit must be at most ${MAX_PER_PAGE}.`).optional().describe(`Rows per page (1–${MAX_PER_PAGE}, default ${DEFAULT_PER_PAGE}); a cursor keeps the size it was issued with.`),
};

export const fingerprint = (filter: unknown) => crypto.createHash("sha256").update(JSON.stringify(filter ?? null)).digest("base64url").slice(0, 16);

export function encodeCursor(page: number, perPage: number, filter: unknown): string {
  return Buffer.from(JSON.stringify({ v: 1, p: page, n: perPage, f: fingerprint(filter) })).toString("base64url");
}

const BAD_CURSOR = "This cursor is not one this API issued; start again without it.";
const OTHER_FILTERS = "This cursor belongs to a list with other filters; send the same filters, or start again without it.";

/** A cursor's body, checked against its shape and the filters it was issued for; a 400 naming `cursor` otherwise. */
function decodeCursor<T extends { f: string }>(cursor: string, shape: z.ZodType<T>, filter: unknown): T {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid(BAD_CURSOR, { cursor: [BAD_CURSOR] });
  }
  const parsed = shape.safeParse(raw);
  if (!parsed.success) throw invalid(BAD_CURSOR, { cursor: [BAD_CURSOR] });
  if (parsed.data.f !== fingerprint(filter)) throw invalid(OTHER_FILTERS, { cursor: [OTHER_FILTERS] });
  return parsed.data;
}

/** The page a request asks for: the cursor's, or the first page of `limit` rows. */
export function pagingOf(query: { cursor?: string; limit?: number }, filter: unknown): Paging {
  if (!query.cursor) return { page: 1, perPage: query.limit ?? DEFAULT_PER_PAGE };
  const body = decodeCursor(query.cursor, cursorBody, filter);
  return { page: body.p, perPage: body.n };
}

/**
 * A keyset cursor, for lists too long to page by position (a million customer signals): the
 * last row's key, exact to the microsecond, so the next page starts right after it however many
 * rows came or went meanwhile, and costs the same however deep it is.
 */
export type KeysetPaging = { after: { at: string; id: string } | null; perPage: number };
const keysetBody = z.strictObject({
  v: z.literal(2),
  a: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  i: z.uuid(),
  n: z.number().int().min(1).max(MAX_PER_PAGE),
  f: z.string().max(32),
});

export function encodeKeysetCursor(after: { at: string; id: string }, perPage: number, filter: unknown): string {
  return Buffer.from(JSON.stringify({ v: 2, a: after.at, i: after.id, n: perPage, f: fingerprint(filter) })).toString("base64url");
}

/** Where a keyset list's page starts: after the cursor's row, or at the top. */
export function keysetPagingOf(query: { cursor?: string; limit?: number }, filter: unknown): KeysetPaging {
  if (!query.cursor) return { after: null, perPage: query.limit ?? DEFAULT_PER_PAGE };
  const body = decodeCursor(query.cursor, keysetBody, filter);
  return { after: { at: body.a, id: body.i }, perPage: body.n };
}

export type ListBody<T> = { data: T[]; total: number; nextCursor: string | null };

/** The answer for one page; a page past the end (rows removed since) is empty, never a repeat. */
export function listBody<T>(page: Page<T>, requested: Paging, filter: unknown): ListBody<T> {
  const data = page.page === requested.page ? page.rows : [];
  const nextCursor = page.page === requested.page && page.page < page.pages ? encodeCursor(page.page + 1, page.perPage, filter) : null;
  return { data, total: page.total, nextCursor };
}

/** One page of a list the query returns whole (a journey's history, a goal's check-ins). */
export function pageOfArray<T>(rows: T[], paging: Paging): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / paging.perPage));
  const page = Math.min(paging.page, pages);
  return { rows: rows.slice((page - 1) * paging.perPage, page * paging.perPage), total: rows.length, page, perPage: paging.perPage, pages };
}
