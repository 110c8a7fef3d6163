import { Table, Td, Th } from "@/components/ui/table";
import type { BoardStage } from "@/lib/journeys/queries";
import { RACI_LABEL, RACI_LETTER } from "./labels";

/** Stage × department RACI letters. Problems are spelled out in words, not only by colour. */
export function OwnershipMatrix({ stages, departments }: { stages: BoardStage[]; departments: { id: string; name: string; archived: boolean }[] }) {
  return (
    <Table caption="Stage by department responsibility matrix: A accountable, R responsible, C consulted, I informed">
      <thead>
        <tr>
          <Th>Stage</Th>
          {departments.map((d) => (
            <Th key={d.id} className="text-center">{d.name}{d.archived ? " (archived)" : ""}</Th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {stages.map((s) => {
          const noOwner = !s.accountable;
          return (
            <tr key={s.id} className={noOwner ? "bg-red-50" : undefined}>
              <th scope="row" className="px-3 py-2 text-left text-sm font-medium text-slate-900">
                {s.position}. {s.name}
                {noOwner ? <span className="ml-2 text-xs font-semibold text-red-800">⚠ no accountable owner</span> : null}
              </th>
              {departments.map((d) => {
                const role = s.accountable?.departmentId === d.id ? "accountable" : s.raci.find((r) => r.departmentId === d.id)?.raci;
                // Most cells are empty: one short element each (a wide company has hundreds).
                if (!role) return <td key={d.id} className="raci-none" aria-label="no role">·</td>;
                return (
                  <Td key={d.id} className="text-center">
                    <span
                      title={RACI_LABEL[role]}
                      className={role === "accountable" ? "inline-block rounded bg-brand-600 px-2 font-bold text-white" : "font-semibold text-slate-700"}
                    >
                      {RACI_LETTER[role]}
                      <span className="sr-only"> ({RACI_LABEL[role]})</span>
                    </span>
                  </Td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
