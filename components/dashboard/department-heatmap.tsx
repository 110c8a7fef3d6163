"use client";

import type { HeatmapData } from "@/lib/dashboard/heatmap";

// Sizes in SVG units drawn 1:1 in pixels, so the 12-unit labels read as 12 px text; a wide
// company scrolls sideways inside its card instead of shrinking the cells out of sight.
const CELL = 16;
const GAP = 2;
const LEFT = 176;
const TOP = 116;
const RIGHT = 96;
const FONT = 12;

/** Fills, darkest for the most accountability: A 1, A 2, A 3 or more, and R only. */
export const HEAT_LEVELS = [
  { key: "a1", label: "Accountable for 1 stage", fill: "#c7d2fe" },
  { key: "a2", label: "Accountable for 2", fill: "#818cf8" },
  { key: "a3", label: "Accountable for 3 or more", fill: "#4338ca" },
  { key: "r", label: "Responsible only", fill: "#fcd34d" },
] as const;
type Level = (typeof HEAT_LEVELS)[number]["key"];


const LEVEL_OF: Record<string, Level> = { "1": "a1", "2": "a2", "3": "a3", r: "r" };

// A point's coordinates in a frame turned by -60°, so that the turned frame puts it back at (x, y).
const COS = Math.cos(Math.PI / 3);
const SIN = Math.sin(Math.PI / 3);
const unrotate = (x: number, y: number) => [Math.round(x * COS - y * SIN), Math.round(x * SIN + y * COS)] as const;

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The department × journey map of a large company as a heat map: a thousand cells as one SVG
 * path per shade (a handful of elements, not a table cell each), departments down the side with
 * their totals, journeys along the top. The exact counts are the table the card links to. A
 * client component: the page sends the compact data (lib/dashboard/heatmap.ts), not the drawing.
 */
export function DepartmentHeatmap({ data }: { data: HeatmapData }) {
  const { departments: deps, journeys, rows, totals } = data;
  // Each shade's squares as one path of short horizontal strokes as thick as a square is tall,
  // each move relative to where the last stroke ended ("m2 0h14" for the next square along).
  const paths: Record<Level, string[]> = { a1: [], a2: [], a3: [], r: [] };
  const pen: Record<Level, [number, number] | null> = { a1: null, a2: null, a3: null, r: null };
  const side = CELL - GAP;
  rows.forEach((line, k) => {
    for (let i = 0; i < line.length; i++) {
      const level = LEVEL_OF[line[i]!];
      if (!level) continue;
      const x = LEFT + i * CELL;
      const y = TOP + k * CELL + side / 2;
      const from = pen[level];
      paths[level].push(from ? `m${x - from[0]} ${y - from[1]}h${side}` : `M${x} ${y}h${side}`);
      pen[level] = [x + side, y];
    }
  });
  const width = LEFT + journeys.length * CELL + RIGHT;
  const height = TOP + deps.length * CELL + 4;
  const busiest = deps
    .map((name, k) => ({ name, a: totals[k]![0], r: totals[k]![1] }))
    .sort((a, b) => b.a - a.a || b.r - a.r)
    .slice(0, 3)
    .map((d) => `${d.name} accountable for ${d.a}`)
    .join(", ");
  return (
    <figure>
      <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Department by journey heat map">
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          className="max-w-none"
          role="img"
          aria-label={`Heat map of ${deps.length} departments by ${journeys.length} journeys: the darker a square, the more of that journey's stages the department is accountable for. Most accountable: ${busiest}.`}
        >
          <rect x={LEFT} y={TOP} width={journeys.length * CELL - GAP} height={deps.length * CELL - GAP} fill="#f8fafc" />
          {HEAT_LEVELS.map((l) => (paths[l.key].length ? <path key={l.key} d={paths[l.key].join("")} fill="none" stroke={l.fill} strokeWidth={side} /> : null))}
          <g fontSize={FONT} fill="#334155">
            {deps.map((name, k) => (
              <text key={k} x={LEFT - 6} y={TOP + k * CELL + CELL - 5} textAnchor="end">{clip(name, 24)}</text>
            ))}
            {/* Journey names slanted up: one rotated group, each name placed in its turned frame. */}
            <g transform="rotate(-60)">
              {journeys.map((name, i) => {
                const [x, y] = unrotate(LEFT + i * CELL + CELL / 2, TOP - 6);
                return <text key={i} x={x} y={y}>{clip(name, 18)}</text>;
              })}
            </g>
            {totals.map(([a, r], k) => (
              <text key={k} x={LEFT + journeys.length * CELL + 4} y={TOP + k * CELL + CELL - 5} className="tabular-nums">A {a} · R {r}</text>
            ))}
          </g>
        </svg>
      </div>
      <figcaption className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
        {HEAT_LEVELS.map((l) => (
          <span key={l.key} className="flex items-center gap-1"><svg width="10" height="10" aria-hidden><rect width="10" height="10" fill={l.fill} /></svg>{l.label}</span>
        ))}
      </figcaption>
    </figure>
  );
}
