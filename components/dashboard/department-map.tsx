import type { MatrixCell, StageMatrixRow } from "@/lib/dashboard/queries";

const LETTER = { accountable: "A", responsible: "R", consulted: "C", informed: "I" } as const;

/** Departments (the functional organisation) against journeys (the customer's path). */
export function DepartmentJourneyMap({ cells }: { cells: MatrixCell[] }) {
  const journeys = [...new Map(cells.map((c) => [c.journeyId, c.journeyName])).entries()];
  const deps = [...new Map(cells.map((c) => [c.departmentId, c.departmentName])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  if (!cells.length) return <p className="text-sm text-slate-600">Nobody holds a role on any stage in this view yet.</p>;
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
                const c = cells.find((x) => x.journeyId === jId && x.departmentId === depId);
                return (
                  <td key={jId} className="px-2 py-1 text-center tabular-nums">
                    {c && (c.accountable || c.responsible) ? (
                      <span>
                        {c.accountable ? <span className="rounded bg-brand-600 px-1.5 font-semibold text-white">A {c.accountable}</span> : null}{" "}
                        {c.responsible ? <span className="font-semibold text-slate-700">R {c.responsible}</span> : null}
                      </span>
                    ) : (
                      <span className="text-slate-300" aria-label="none">·</span>
                    )}
                  </td>
                );
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
  const used = departments.filter((d) => rows.some((r) => r.departmentId === d.id));
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
            const owned = rows.some((r) => r.stageId === id && r.raci === "accountable");
            return (
              <tr key={id} className={owned ? "border-t border-slate-100" : "border-t border-slate-100 bg-red-50"}>
                <th scope="row" className="px-2 py-1 text-left font-medium">{s.position}. {s.name}{owned ? "" : " — no owner"}</th>
                {used.map((d) => {
                  const r = rows.find((x) => x.stageId === id && x.departmentId === d.id);
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
