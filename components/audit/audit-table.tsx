import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";
import type { PresentedEvent } from "@/lib/audit/present";
import { formatDateTime } from "@/lib/time-format";

/** One row of the audit log as a person reads it (lib/audit/present.ts). */
export type AuditTableRow = PresentedEvent & { id: number; createdAt: Date; actorName: string | null; reason: string | null };

/**
 * The audit log's rows: who, what (label and one sentence), which thing (named, linked), and
 * what changed, before → after. At 390 px the table keeps its columns and scrolls sideways
 * inside its card instead of widening the page.
 */
export function AuditTable({ rows, timeZone }: { rows: AuditTableRow[]; timeZone: string }) {
  return (
    <Table caption="Audit events, newest first" className="min-w-[52rem]">
      <thead>
        <tr>
          <Th>When ({timeZone})</Th>
          <Th>Who</Th>
          <Th>What</Th>
          <Th>About</Th>
          <Th>Changes</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.id}>
            <Td className="whitespace-nowrap text-xs"><time dateTime={r.createdAt.toISOString()}>{formatDateTime(r.createdAt, timeZone)}</time></Td>
            <Td>{r.actorName ?? <span className="text-slate-500">System / anonymous</span>}</Td>
            <Td>
              <div className="font-medium">{r.label}</div>
              <div className="text-xs text-slate-600">{r.sentence}</div>
            </Td>
            <Td>
              <div className="text-xs text-slate-500">{r.entity.type}</div>
              {r.entity.href ? <Link href={r.entity.href} className="link">{r.entity.name}</Link> : <span>{r.entity.name}</span>}
            </Td>
            <Td>
              {r.changes.length ? (
                <ul className="space-y-0.5 text-xs" aria-label="Changes">
                  {r.changes.map((c) => (
                    <li key={c.field}>
                      <span className="font-medium">{c.field}</span>: {c.before !== null ? <><span className="text-slate-600">{c.before}</span> → </> : null}
                      <span>{c.after}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {r.reason ? <p className="mt-1 text-xs italic text-slate-700">Reason: {r.reason}</p> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
