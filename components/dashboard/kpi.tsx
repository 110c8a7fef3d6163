import Link from "next/link";
import type { ReactNode } from "react";

/** One headline figure that links to the list behind it. */
export function Kpi({ label, value, detail, href, tone = "neutral" }: { label: string; value: ReactNode; detail?: ReactNode; href: string; tone?: "neutral" | "good" | "bad" }) {
  const color = tone === "bad" ? "text-red-700" : tone === "good" ? "text-emerald-700" : "text-slate-900";
  return (
    <Link href={href} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600 focus-visible:border-brand-600">
      <span className="block text-xs font-medium uppercase tracking-wide text-slate-600">{label}</span>
      <span className={`mt-1 block text-2xl font-semibold ${color}`}>{value}</span>
      {detail ? <span className="mt-0.5 block text-xs text-slate-600">{detail}</span> : null}
    </Link>
  );
}

// Tailwind's brand-600, red-600, amber-500 and emerald-600, for the bars' inline gradients.
const BAR_COLORS = { brand: "#4f46e5", red: "#dc2626", amber: "#f59e0b", green: "#059669" } as const;

/**
 * A labelled horizontal bar: the number is always written next to it. On a phone the label
 * takes its own line and wraps; from `sm` up it is cut to one line, with the full name in the
 * tooltip and shown whole on hover or keyboard focus (and always in the accessible name).
 * Bars come in lists of one per journey, so their links are not prefetched.
 */
export function Bar({ label, value, max, text, href, tone = "brand" }: { label: ReactNode; value: number; max: number; text: string; href?: string; tone?: "brand" | "red" | "amber" | "green" }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (100 * value) / max)) : 0;
  const fill = BAR_COLORS[tone];
  const inner = (
    <>
      <span title={typeof label === "string" ? label : undefined} className="bar-label">{label}</span>
      {/* One element: the filled part is the track's own background, not a child. */}
      <span className="bar-track" aria-hidden style={{ backgroundImage: `linear-gradient(to right, ${fill} ${pct}%, transparent ${pct}%)` }} />
      <span className="bar-figure">{text}</span>
    </>
  );
  // Short component classes (app/globals.css): a large company's dashboard repeats this row often.
  return href ? (
    <Link prefetch={false} href={href} className="bar-row">{inner}</Link>
  ) : (
    <div className="bar-row">{inner}</div>
  );
}
