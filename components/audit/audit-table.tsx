import { Table, Td, Th } from "@/components/ui/table";
import { AUDIT_ACTION_MEANINGS, AUDIT_ENTITY_LABELS } from "@/lib/audit/catalog";
import type { AuditRow } from "@/lib/audit/queries";
import { formatDateTime } from "@/lib/time-format";

function changes(before: unknown, after: unknown): { key: string; from: string; to: string }[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const show = (v: unknown) => (v === undefined ? "—" : v === null ? "none" : typeof v === "string" ? v : JSON.stringify(v));
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) || !before)
    .map((k) => ({ key: k, from: show(b[k]), to: show(a[k]) }));
}

export function AuditTable({ rows, timeZone }: { rows: AuditRow[]; timeZone: string }) {
  return (
    <Table caption="Audit events, newest first">
      <thead>
        <tr>
          <Th>When ({timeZone})</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Entity</Th>
          <Th>Change</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.id}>
            <Td className="whitespace-nowrap text-xs"><time dateTime={r.createdAt.toISOString()}>{formatDateTime(r.createdAt, timeZone)}</time></Td>
            <Td>{r.actorName ?? <span className="text-slate-500">System / anonymous</span>}</Td>
            <Td>
              <div className="font-mono text-xs">{r.action}</div>
              <div className="text-xs text-slate-600">{AUDIT_ACTION_MEANINGS[r.action]}</div>
            </Td>
            <Td>
              {AUDIT_ENTITY_LABELS[r.entityType]}
              {r.entityId ? <div className="font-mono text-[11px] text-slate-500">{r.entityId}</div> : null}
            </Td>
            <Td>
              <ul className="space-y-0.5 text-xs">
                {changes(r.before, r.after).map((c) => (
                  <li key={c.key}>
                    <span className="font-medium">{c.key}</span>: {r.before ? <>{c.from} → </> : null}
                    {c.to}
                  </li>
                ))}
              </ul>
              {r.reason ? <p className="mt-1 text-xs italic text-slate-700">Reason: {r.reason}</p> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
