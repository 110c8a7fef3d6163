import Link from "next/link";
import { pageHref, pageRange, type Page, type PageQuery } from "@/lib/pagination";
import { cn } from "./cn";

type PageInfo = Pick<Page<unknown>, "total" | "page" | "perPage" | "pages">;
/** Singular and plural of what is listed: ["goal", "goals"]. */
type Noun = readonly [string, string];
const n = (x: number) => x.toLocaleString("en");

/** "5 goals" when all fit on one page, else "Showing 51–100 of 5,000 goals". A live status line. */
export function PageSummary({ page, noun, extra, className }: { page: PageInfo; noun: Noun; extra?: string; className?: string }) {
  const word = page.total === 1 ? noun[0] : noun[1];
  const { from, to } = pageRange(page);
  const text = page.pages > 1 ? `Showing ${n(from)}–${n(to)} of ${n(page.total)} ${word}` : `${n(page.total)} ${word}`;
  return (
    <p className={cn("mb-2 text-sm text-slate-600", className)} role="status">
      {text}
      {extra ?? ""}
    </p>
  );
}

const step = "inline-flex h-11 min-w-11 items-center justify-center rounded-md border px-3 text-sm font-medium";

function Step({ href, rel, children }: { href: string | null; rel?: string; children: string }) {
  // An unavailable step keeps its place for the eye but is not announced: there is nothing to follow.
  if (!href) return <span aria-hidden="true" className={cn(step, "border-slate-200 text-slate-400")}>{children}</span>;
  return <Link href={href} rel={rel} className={cn(step, "border-slate-300 bg-white text-brand-700 hover:bg-slate-50")}>{children}</Link>;
}

/**
 * Previous / next (and first / last) links under a paginated list, with where you are. Plain
 * links in the URL next to the filters: they work without JavaScript and can be shared.
 * Wraps onto two lines on a narrow (390 px) screen; every target is 44 px high.
 */
export function Pager({ page, path, query, noun }: { page: PageInfo; path: string; query: PageQuery; noun: Noun }) {
  if (page.pages <= 1) return null;
  const href = (p: number) => pageHref(path, query, p, page.perPage);
  const { from, to } = pageRange(page);
  const prev = page.page > 1;
  const next = page.page < page.pages;
  return (
    <nav aria-label={`Pages of ${noun[1]}`} className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-700">
        Showing {n(from)}–{n(to)} of {n(page.total)} {noun[1]} · page {n(page.page)} of {n(page.pages)}
      </p>
      <div className="flex flex-wrap gap-2">
        <Step href={prev ? href(1) : null}>First</Step>
        <Step href={prev ? href(page.page - 1) : null} rel="prev">Previous</Step>
        <Step href={next ? href(page.page + 1) : null} rel="next">Next</Step>
        <Step href={next ? href(page.pages) : null}>Last</Step>
      </div>
    </nav>
  );
}
