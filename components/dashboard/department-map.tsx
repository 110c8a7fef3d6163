import type { MatrixCell, StageMatrixRow } from "@/lib/dashboard/queries";

const LETTER = { accountable: "A", responsible: "R", consulted: "C", informed: "I" } as const;

const cellKey = (rowId: string, departmentId: string) => `${rowId}|${departmentId}`;

/** Indexes items by key once; the first item of a key wins, as a search from the start would. */
function indexBy<T>(items: T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (!map.has(k)) map.set(k, item);
  }
  return map;
}

/** A cell's words: "A 2 R 1", "A 2" or "R 1"; null when the department holds neither role. */
function cellText(c: MatrixCell | undefined): string | null {
  if (!c || (!c.accountable && !c.responsible)) return null;
  return [c.accountable ? `A ${c.accountable}` : "", c.responsible ? `R ${c.responsible}` : ""].filter(Boolean).join(" ");
}

/**
 * Departments (the functional organisation) against journeys (the customer's path). At a large
 * company this is a thousand cells: they are looked up in a Map built once (not searched per
 * cell), and each is a single element, its accountable count marked by the cell's colour.
 */
export function DepartmentJourneyMap({ cells }: { cells: MatrixCell[] }) {
  const journeys = [...new Map(cells.map((c) => [c.journeyId, c.journeyName])).entries()];
  const deps = [...new Map(cells.map((c) => [c.departmentId, c.departmentName])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  if (!cells.length) return <p className="text-sm text-slate-600">Nobody holds a role on any stage in this view yet.</p>;
  const byKey = indexBy(cells, (c) => cellKey(c.journeyId, c.departmentId));
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Stages each department is accountable (A) or responsible (R) for, by journey</caption>
        <thead>
          <tr>
            <th scope="col" className="px-2 py-1 text-left text-xs uppercase text-slate-600">Department</th>
            {journeys.map(([id, name]) => <th key={id} scope="col" className="px-2 py-1 text-center text-xs text-slate-600">{name}</th>)}
          </tr>
        </thead>
        <tbody>
          {deps.map(([depId, depName]) => (
            <tr key={depId} className="border-t border-slate-100">
              <th scope="row" className="px-2 py-1 text-left font-medium">{depName}</th>
              {journeys.map(([jId]) => {
                const c = byKey.get(cellKey(jId, depId));
                const text = cellText(c);
                if (text === null) return <td key={jId} className="px-2 py-1 text-center text-slate-300" aria-label="none">·</td>;
                const tone = c!.accountable ? "bg-brand-50 text-brand-800" : "text-slate-700";
                return <td key={jId} className={`whitespace-nowrap px-2 py-1 text-center font-semibold tabular-nums ${tone}`}>{text}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** With one journey chosen: its stages in order × departments, RACI letters. */
export function StageDepartmentMap({ rows, departments }: { rows: StageMatrixRow[]; departments: { id: string; name: string }[] }) {
  const stages = [...new Map(rows.map((r) => [r.stageId, { name: r.stageName, position: r.position }])).entries()].sort((a, b) => a[1].position - b[1].position);
  const usedIds = new Set(rows.map((r) => r.departmentId));
  const used = departments.filter((d) => usedIds.has(d.id));
  const byKey = indexBy(rows, (r) => cellKey(r.stageId, r.departmentId));
  const ownedStages = new Set(rows.filter((r) => r.raci === "accountable").map((r) => r.stageId));
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Stage by department RACI matrix of the chosen journey</caption>
        <thead>
          <tr>
            <th scope="col" className="px-2 py-1 text-left text-xs uppercase text-slate-600">Stage</th>
            {used.map((d) => <th key={d.id} scope="col" className="px-2 py-1 text-center text-xs text-slate-600">{d.name}</th>)}
          </tr>
        </thead>
        <tbody>
          {stages.map(([id, s]) => {
            const owned = ownedStages.has(id);
            return (
              <tr key={id} className={owned ? "border-t border-slate-100" : "border-t border-slate-100 bg-red-50"}>
                <th scope="row" className="px-2 py-1 text-left font-medium">{s.position}. {s.name}{owned ? "" : " — no owner"}</th>
                {used.map((d) => {
                  const r = byKey.get(cellKey(id, d.id));
                  return <td key={d.id} className="px-2 py-1 text-center font-semibold">{r?.raci ? LETTER[r.raci] : ""}</td>;
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
