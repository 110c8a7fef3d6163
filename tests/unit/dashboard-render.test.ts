import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DepartmentHeatmap, HEAT_LEVELS } from "@/components/dashboard/department-heatmap";
import { groupHealth } from "@/lib/dashboard/health-groups";
import { heatLevel, heatmapData } from "@/lib/dashboard/heatmap";
import type { HealthCount, MatrixCell } from "@/lib/dashboard/queries";

const cell = (journey: string, department: string, accountable: number, responsible: number): MatrixCell => ({
  journeyId: `j-${journey}`,
  journeyName: journey,
  departmentId: `d-${department}`,
  departmentName: department,
  accountable,
  responsible,
  consulted: 0,
  informed: 0,
});

describe("the department × journey heat map's data", () => {
  it("gives each cell one character: its accountable count up to 3, r for responsible only, . for neither", () => {
    expect(heatLevel(undefined)).toBe(".");
    expect(heatLevel({ accountable: 0, responsible: 0 })).toBe(".");
    expect(heatLevel({ accountable: 0, responsible: 4 })).toBe("r");
    expect(heatLevel({ accountable: 1, responsible: 4 })).toBe("1");
    expect(heatLevel({ accountable: 2, responsible: 0 })).toBe("2");
    expect(heatLevel({ accountable: 7, responsible: 0 })).toBe("3");
  });

  it("keeps the journeys in the cells' order, sorts departments by name and totals each department", () => {
    const data = heatmapData([cell("Buy", "Sales", 2, 1), cell("Buy", "Billing", 0, 1), cell("Use", "Sales", 5, 0), cell("Use", "Care", 1, 0)]);
    expect(data.journeys).toEqual(["Buy", "Use"]);
    expect(data.departments).toEqual(["Billing", "Care", "Sales"]);
    expect(data.rows).toEqual(["r.", ".1", "23"]);
    expect(data.totals).toEqual([[0, 1], [1, 0], [7, 1]]);
  });

  it("draws a thousand cells in a handful of elements, with every name and total as text", () => {
    const cells: MatrixCell[] = [];
    for (let j = 0; j < 50; j++) for (let d = 0; d < 20; d++) cells.push(cell(`Journey ${String(j).padStart(2, "0")}`, `Dept ${String(d).padStart(2, "0")}`, (j + d) % 4, (j * d) % 3));
    const html = renderToStaticMarkup(createElement(DepartmentHeatmap, { data: heatmapData(cells) }));
    expect(html.match(/<path /g)).toHaveLength(HEAT_LEVELS.length);
    // 20 department names, 50 journey names and 20 totals; nothing per cell.
    expect(html.match(/<text /g)).toHaveLength(90);
    expect((html.match(/<[a-z]/g) ?? []).length).toBeLessThan(150);
    expect(html).toContain('role="img"');
    expect(html).toMatch(/Heat map of 20 departments by 50 journeys/);
    // Long names are cut with an ellipsis in the drawing; a department's totals are written out.
    expect(html).toContain(">Journey 07<");
    expect(html).toMatch(/A \d+ · R \d+/);
  });

  it("marks each shade's squares: a department holding nothing draws no square", () => {
    const html = renderToStaticMarkup(createElement(DepartmentHeatmap, { data: heatmapData([cell("Buy", "Sales", 1, 0), cell("Buy", "Care", 0, 0)]) }));
    expect(html.match(/<path /g)).toHaveLength(1);
    expect(html).toContain(`stroke="${HEAT_LEVELS[0].fill}"`);
  });
});

describe("goal health grouped for the dashboard", () => {
  const row = (journey: string, health: HealthCount["health"], goals: number): HealthCount => ({ journeyId: journey, journeyName: journey, departmentId: "d", departmentName: "D", health, goals, stale: 0 });
  const rows = [row("Alpha", "on_track", 9), row("Alpha", "off_track", 1), row("Beta", "overdue", 1), row("Beta", "on_track", 1), row("Gamma", "achieved", 3)];

  it("orders groups by name by default", () => {
    expect(groupHealth(rows, "journey").map((g) => g.name)).toEqual(["Alpha", "Beta", "Gamma"]);
  });

  it("orders the worst first: the largest share of goals off track or overdue, ties by name", () => {
    expect(groupHealth(rows, "journey", "worst").map((g) => g.name)).toEqual(["Beta", "Alpha", "Gamma"]);
    expect(groupHealth(rows, "journey", "worst")[0]).toMatchObject({ total: 2, counts: { overdue: 1, on_track: 1 } });
  });
});
