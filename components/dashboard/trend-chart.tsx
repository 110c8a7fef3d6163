"use client";

import { LazyDetails } from "@/components/ui/lazy-details";
import type { TrendRow } from "@/lib/dashboard/queries";
import { formatMonth } from "@/lib/time-format";
import { plural } from "@/lib/format";

// Drawn at about the size it is shown (the card is ~570 px wide on a desktop), so 12-unit text
// reads as 12 px; on a phone the chart keeps a minimum width and scrolls inside its card.
const W = 560;
const H = 260;
const PAD = { l: 36, r: 44, t: 12, b: 44 };
const FONT = 12;
// Coordinates to a tenth of a unit: finer than a pixel, and "199.9" instead of "199.8774193548387".
const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Bars: ownership changes and decisions per month. Line: ownership coverage at month end.
 * A client component: the page sends its twelve rows, not the chart's drawn elements twice
 * (in the HTML and again in the React payload); the table is built when opened.
 */
export function TrendChart({ rows }: { rows: TrendRow[] }) {
  const n = rows.length || 1;
  const maxCount = Math.max(1, ...rows.map((r) => Math.max(r.ownershipChanges, r.decisions)));
  const slot = (W - PAD.l - PAD.r) / n;
  const y = (v: number) => r1(PAD.t + (1 - v / maxCount) * (H - PAD.t - PAD.b));
  const yc = (v: number) => r1(PAD.t + (1 - v) * (H - PAD.t - PAD.b));
  const mid = (i: number) => r1(PAD.l + slot * (i + 0.5));
  const line = rows
    .map((r, i) => (r.coverage === null ? null : `${mid(i)},${yc(r.coverage)}`))
    .filter(Boolean)
    .join(" ");
  const summary = rows.map((r) => `${formatMonth(r.month)}: ${plural(r.ownershipChanges, "ownership change")}, ${plural(r.decisions, "decision")}, coverage ${r.coverage === null ? "n/a" : `${Math.round(r.coverage * 100)}%`}`).join("; ");
  return (
    <figure>
      <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Trend chart">
        <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full min-w-[32rem]" role="img" aria-label={`Trends over 12 months. ${summary}`}>
          <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} stroke="#cbd5e1" />
          <g fontSize={FONT} fill="#475569">
            <text x={PAD.l - 6} y={y(maxCount) + 4} textAnchor="end">{maxCount}</text>
            <text x={W - PAD.r + 6} y={yc(1) + 4}>100%</text>
            <text x={W - PAD.r + 6} y={yc(0) + 4}>0%</text>
          </g>
          {/* Each series' bars as one path of vertical strokes as wide as a bar. */}
          {([["ownershipChanges", "#818cf8", 0], ["decisions", "#f59e0b", 1]] as const).map(([key, colour, k]) => {
            const bw = r1(slot * 0.33);
            const d = rows.map((r, i) => `M${r1(PAD.l + slot * i + slot * 0.15 + k * (bw + 2) + bw / 2)} ${H - PAD.b}V${y(r[key])}`).join("");
            return <path key={key} d={d} stroke={colour} strokeWidth={bw} />;
          })}
          {/* "Jan 2026" on two lines: one line per month would not fit twelve across. */}
          <g textAnchor="middle" fontSize={FONT} fill="#334155">
            {rows.map((r, i) => (
              <text key={r.month} x={mid(i)} y={H - PAD.b + 16}>
                {formatMonth(r.month).split(" ").map((part, k) => (
                  <tspan key={k} x={mid(i)} dy={k ? FONT + 2 : 0}>{part}</tspan>
                ))}
              </text>
            ))}
          </g>
          {line ? <polyline points={line} fill="none" stroke="#059669" strokeWidth="2.5" /> : null}
          <g fill="#059669">
            {rows.map((r, i) => (r.coverage === null ? null : <circle key={`c-${r.month}`} cx={mid(i)} cy={yc(r.coverage)} r="3.5" />))}
          </g>
        </svg>
      </div>
      <figcaption className="mt-1 flex flex-wrap gap-4 text-xs text-slate-600">
        <span><span className="mr-1 inline-block h-2.5 w-2.5 bg-indigo-400" aria-hidden />Ownership changes</span>
        <span><span className="mr-1 inline-block h-2.5 w-2.5 bg-amber-500" aria-hidden />Decisions</span>
        <span><span className="mr-1 inline-block h-0.5 w-4 bg-emerald-600 align-middle" aria-hidden />Coverage at month end (right axis)</span>
      </figcaption>
      <LazyDetails className="mt-2" summary="Show as a table">
        {() => (
        <div className="relative mt-2 overflow-x-auto">
        <table className="text-sm">
          <caption className="sr-only">Trends by month</caption>
          <thead className="text-xs"><tr><th scope="col" className="pr-3 text-left align-bottom">Month</th><th scope="col" className="pr-3 text-right align-bottom">Ownership changes</th><th scope="col" className="pr-3 text-right align-bottom">Decisions</th><th scope="col" className="text-right align-bottom">Coverage</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.month}><td className="whitespace-nowrap pr-3">{formatMonth(r.month)}</td><td className="pr-3 text-right tabular-nums">{r.ownershipChanges}</td><td className="pr-3 text-right tabular-nums">{r.decisions}</td><td className="text-right tabular-nums">{r.coverage === null ? "—" : `${Math.round(r.coverage * 100)}%`}</td></tr>
            ))}
          </tbody>
        </table>
        </div>
        )}
      </LazyDetails>
    </figure>
  );
}
