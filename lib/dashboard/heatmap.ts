import type { MatrixCell } from "./queries";

/** See HeatmapData in components/dashboard/department-heatmap.tsx: names and a character per cell. */
export type HeatmapData = { departments: string[]; journeys: string[]; rows: string[]; totals: [number, number][] };

/** A cell's character: its accountable count (1, 2, or 3 for 3 or more), "r" for responsible only, "." for neither. */
export function heatLevel(c: Pick<MatrixCell, "accountable" | "responsible"> | undefined): string {
  if (!c) return ".";
  if (c.accountable > 0) return String(Math.min(3, c.accountable));
  return c.responsible > 0 ? "r" : ".";
}

/**
 * The department × journey cells as compact data for the heat map: journeys in the cells' order
 * (by name), departments by name, one string per department. Consulted and informed roles are
 * not drawn (as in the table, which shows A and R).
 */
export function heatmapData(cells: MatrixCell[]): HeatmapData {
  const journeys = [...new Map(cells.map((c) => [c.journeyId, c.journeyName])).entries()];
  const departments = [...new Map(cells.map((c) => [c.departmentId, c.departmentName])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const col = new Map(journeys.map(([id], i) => [id, i]));
  const row = new Map(departments.map(([id], i) => [id, i]));
  const grid = departments.map(() => Array<string>(journeys.length).fill("."));
  const totals = departments.map((): [number, number] => [0, 0]);
  for (const c of cells) {
    const k = row.get(c.departmentId)!;
    const i = col.get(c.journeyId)!;
    grid[k]![i] = heatLevel(c);
    totals[k]![0] += c.accountable;
    totals[k]![1] += c.responsible;
  }
  return { departments: departments.map(([, n]) => n), journeys: journeys.map(([, n]) => n), rows: grid.map((r) => r.join("")), totals };
}
