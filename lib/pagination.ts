import { z } from "zod";

// Every list page shows one page of its rows and says how many there are in all; nothing is
// silently cut short. Pages are offset-based (a page number in the URL, next to the filters)
// over a total order, so the pages of one filter are disjoint and together hold every row.

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;

// From the URL: anything malformed falls back to the first page of the default size.
export const pagingSchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).catch(1),
  perPage: z.coerce.number().int().min(1).max(MAX_PER_PAGE).default(DEFAULT_PER_PAGE).catch(DEFAULT_PER_PAGE),
});
export type Paging = z.infer<typeof pagingSchema>;

export const FIRST_PAGE: Paging = { page: 1, perPage: DEFAULT_PER_PAGE };

export type Page<T> = {
  rows: T[];
  /** Rows matching the filter, on every page. */
  total: number;
  /** The page shown (a page past the end shows the last one). */
  page: number;
  perPage: number;
  pages: number;
};

/** 1-based positions of the first and last row shown ("Showing 51–100 of …"); 0 and 0 when empty. */
export function pageRange(p: Pick<Page<unknown>, "page" | "perPage" | "total">): { from: number; to: number } {
  if (p.total === 0) return { from: 0, to: 0 };
  const from = (p.page - 1) * p.perPage + 1;
  return { from, to: Math.min(p.total, from + p.perPage - 1) };
}

export const pageCount = (total: number, perPage: number) => Math.max(1, Math.ceil(total / perPage));

/**
 * One page of a query: the count and the rows run side by side. A page number past the end
 * (an old link, rows deleted since) shows the last page rather than an empty one.
 */
export async function fetchPage<T>(
  paging: Paging,
  count: () => Promise<number>,
  rows: (limit: number, offset: number) => Promise<T[]>,
): Promise<Page<T>> {
  const { perPage } = paging;
  const [total, first] = await Promise.all([count(), rows(perPage, (paging.page - 1) * perPage)]);
  const pages = pageCount(total, perPage);
  if (paging.page <= pages) return { rows: first, total, page: paging.page, perPage, pages };
  return { rows: await rows(perPage, (pages - 1) * perPage), total, page: pages, perPage, pages };
}

export type PageQuery = Record<string, string | number | null | undefined>;

/** The link to `page` of a list: its current filters, then the page size and page when not the defaults. */
export function pageHref(path: string, query: PageQuery, page: number, perPage = DEFAULT_PER_PAGE): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "" && k !== "page" && k !== "perPage") q.set(k, String(v));
  if (perPage !== DEFAULT_PER_PAGE) q.set("perPage", String(perPage));
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
