import { Table, Th } from "@/components/ui/table";
import type { BoardStage } from "@/lib/journeys/queries";
import { RACI_LABEL, RACI_LETTER } from "./labels";

/**
 * Stage × department RACI letters. Problems are spelled out in words, not only by colour.
 * A wide company has hundreds of cells: each is one short element (a role's letter on a pill for
 * the accountable one), keyed by its column rather than by a department's id, which the payload
 * would repeat in every row.
 */
export function OwnershipMatrix({ stages, departments }: { stages: BoardStage[]; departments: { id: string; name: string; archived: boolean }[] }) {
  return (
    <Table className="raci-matrix" caption="Stage by department responsibility matrix: A accountable, R responsible, C consulted, I informed">
      <thead>
        <tr>
          <Th>Stage</Th>
          {departments.map((d, j) => (
            <Th key={j} className="text-center">{d.archived ? `${d.name} (archived)` : d.name}</Th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {stages.map((s, i) => {
          const noOwner = !s.accountable;
          const roles = new Map<string, keyof typeof RACI_LABEL>(s.raci.map((r) => [r.departmentId, r.raci]));
          if (s.accountable) roles.set(s.accountable.departmentId, "accountable");
          return (
            <tr key={i} {...(noOwner ? { className: "bg-red-50" } : {})}>
              <th scope="row" className="raci-th">
                {`${s.position}. ${s.name}`}
                {noOwner ? <span className="ml-2 text-xs font-semibold text-red-800">⚠ no accountable owner</span> : null}
              </th>
              {departments.map((d, j) => {
                const role = roles.get(d.id);
                // Most cells are empty: a bare cell, its "·" and its words ("no role") from the stylesheet.
                if (!role) return <td key={j} />;
                const letter = (
                  <>
                    {RACI_LETTER[role]}
                    <span className="sr-only">{` (${RACI_LABEL[role]})`}</span>
                  </>
                );
                return (
                  <td key={j} className="raci-cell" title={RACI_LABEL[role]}>
                    {role === "accountable" ? <span className="raci-a">{letter}</span> : letter}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
