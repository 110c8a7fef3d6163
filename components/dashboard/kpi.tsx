import Link from "next/link";
import type { CSSProperties, ReactNode } from "react";

/** One headline figure that links to the list behind it. */
export function Kpi({ label, value, detail, href, tone = "neutral" }: { label: string; value: ReactNode; detail?: ReactNode; href: string; tone?: "neutral" | "good" | "bad" }) {
  const color = tone === "bad" ? "text-red-700" : tone === "good" ? "text-emerald-700" : "text-slate-900";
  return (
    <Link href={href} className="kpi">
      <span className="kpi-label">{label}</span>
      <span className={`mt-1 block text-2xl font-semibold ${color}`}>{value}</span>
      {detail ? <span className="mt-0.5 block text-xs text-slate-600">{detail}</span> : null}
    </Link>
  );
}


/**
 * A labelled horizontal bar: the number is always written next to it. On a phone the label
 * takes its own line and wraps; from `sm` up it is cut to one line, with the full name in the
 * tooltip and shown whole on hover or keyboard focus (and always in the accessible name).
 * Bars come in lists of one per journey, so their links are not prefetched.
 */
export function Bar({ label, value, max, text, href, tone = "brand" }: { label: ReactNode; value: number; max: number; text: string; href?: string; tone?: "brand" | "red" | "amber" | "green" }) {
  const pct = max > 0 ? Math.round(Math.max(0, Math.min(100, (100 * value) / max)) * 10) / 10 : 0;
  const inner = (
    <>
      <span title={typeof label === "string" ? label : undefined} className="bar-label">{label}</span>
      {/* One element: the filled part is the track's own background (app/globals.css draws it
          from the tone's class and the share in --p), not a child. */}
      <span className={`bar-track bar-${tone}`} aria-hidden style={{ "--p": `${pct}%` } as CSSProperties} />
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
